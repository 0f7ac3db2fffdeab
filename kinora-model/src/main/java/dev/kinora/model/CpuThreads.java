package dev.kinora.model;

/**
 * How ONNX Runtime uses CPU threads for one graph.
 *
 * @param count    intra-op threads; 0 lets ONNX Runtime choose (one per core)
 * @param spinWait whether idle intra-op threads spin instead of sleeping: spinning shaves a little
 *                 latency off a process that has the cores to itself, but where several stages
 *                 share a host the spinning threads burn the CPU the other stages need
 */
public record CpuThreads(int count, boolean spinWait) {

    public CpuThreads {
        if (count < 0) {
            throw new IllegalArgumentException("thread count must be 0 (automatic) or positive: " + count);
        }
    }

    /** {@code count} threads (0 = automatic) that sleep when idle. */
    public static CpuThreads of(int count) {
        return new CpuThreads(count, false);
    }

    /** The same policy with a service's own thread count, when it sets one (0 keeps this one's). */
    public CpuThreads withCount(int serviceCount) {
        return serviceCount > 0 ? new CpuThreads(serviceCount, spinWait) : this;
    }
}
