package dev.kinora.denoiser.model;

/**
 * Told after each step of a job, so the caller can report progress or stop it: an exception
 * fails the job, {@link StopAndCheckpoint} stops it to go on later.
 */
@FunctionalInterface
public interface StepListener {
    void afterStep(int step, int steps);
}
