package dev.kinora.denoiser.schedule;

/** Picks the scheduler class a bundle or request names. */
public final class Schedulers {

    private Schedulers() {}

    public static Scheduler create(String type, int steps, double shift) {
        return switch (type) {
            case FlowEulerScheduler.TYPE -> new FlowEulerScheduler(steps, shift);
            case FlowDpmSolver2MScheduler.TYPE -> new FlowDpmSolver2MScheduler(steps, shift);
            default -> throw new IllegalArgumentException("scheduler '" + type + "' is not supported");
        };
    }
}
