package dev.kinora.denoiser.model;

/**
 * The one way to end a job part-way without failing it: a step listener throws it between steps,
 * or the batcher ends a job's future with it while draining. The job's latents after
 * {@link #step()} steps are what its checkpoint keeps.
 */
public final class StopAndCheckpoint extends RuntimeException {

    private final StopReason reason;
    private final int step;

    public StopAndCheckpoint(StopReason reason, int step) {
        super("stopped at step " + step + " (" + reason.label() + ")", null, false, false);
        this.reason = reason;
        this.step = step;
    }

    public StopReason reason() {
        return reason;
    }

    /** Steps completed before the stop: the step the job goes on from. */
    public int step() {
        return step;
    }
}
