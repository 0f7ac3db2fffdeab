package dev.kinora.platform;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides which of one job's step events are worth publishing: the first and the last always,
 * others at most one per interval. A GPU denoiser takes tens of steps a second; its watchers need
 * a few updates a second, and video.progress should not outgrow the videos.
 */
public final class ProgressThrottle {

    private final long intervalNanos;
    private final LongSupplier clock;
    private long lastPublished;
    private boolean published;

    public ProgressThrottle(Duration interval) {
        this(interval, System::nanoTime);
    }

    ProgressThrottle(Duration interval, LongSupplier clock) {
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /** Whether step {@code step} of {@code steps} should be published; records it if so. */
    public boolean shouldPublish(int step, int steps) {
        long now = clock.getAsLong();
        boolean due = !published || step >= steps || now - lastPublished >= intervalNanos;
        if (due) {
            published = true;
            lastPublished = now;
        }
        return due;
    }
}
