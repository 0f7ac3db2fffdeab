package dev.kinora.denoiser.bench;

import dev.kinora.denoiser.TestTexts;
import dev.kinora.denoiser.model.DiffusionTransformer;
import dev.kinora.denoiser.model.Sampler;
import dev.kinora.denoiser.model.StepBatcher;
import dev.kinora.denoiser.model.TextConditioning;
import dev.kinora.denoiser.noise.GaussianNoise;
import dev.kinora.denoiser.schedule.FlowEulerScheduler;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the Java denoiser (ONNX Runtime + Java scheduler and guidance) on one job, the same job
 * tools/model/bench_reference.py times in PyTorch; tools/bench-denoiser runs both and prints the
 * ratio. Not a test: a main class kept with the tests so it shares their class path.
 * Args: BUNDLE_DIR STEPS RUNS THREADS [throughput JOBS].
 * With {@code throughput JOBS}: JOBS jobs submitted at once to the step batcher at max batch 1, 2,
 * 4 and 8, printing videos per minute and p50/p95 latency for each.
 */
public final class DenoiserBenchmark {

    private DenoiserBenchmark() {}

    public static void main(String[] args) {
        Path bundle = Path.of(args[0]);
        int steps = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        long[] shape = {8, 5, 8, 8};
        int count = 8 * 5 * 8 * 8;
        TextConditioning text = TestTexts.random(1, 11);
        if (args.length > 5 && args[4].equals("throughput")) {
            throughput(bundle, steps, threads, Integer.parseInt(args[5]), shape, count, text);
            return;
        }
        List<Double> times = new ArrayList<>();
        try (DiffusionTransformer transformer = new DiffusionTransformer(ModelBundle.open(bundle),
                InferenceDevice.parse("cpu"), CpuThreads.of(threads))) {
            Sampler sampler = new Sampler(transformer);
            sampler.sample(GaussianNoise.sample(7, count), shape, text, 4f, new FlowEulerScheduler(2, 2.0), (s, t) -> { });
            for (int r = 0; r < runs; r++) {
                long start = System.nanoTime();
                sampler.sample(GaussianNoise.sample(7, count), shape, text, 4f, new FlowEulerScheduler(steps, 2.0),
                        (s, t) -> { });
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        System.out.printf("{\"impl\": \"java-onnxruntime\", \"threads\": %d, \"steps\": %d, \"shape\": \"8,5,8,8\", "
                + "\"msPerVideo\": %s}%n", threads, steps,
                times.stream().map(t -> String.format("%.1f", t)).toList());
    }

    private static void throughput(Path bundle, int steps, int threads, int jobs, long[] shape, int count,
            TextConditioning text) {
        try (DiffusionTransformer transformer = new DiffusionTransformer(ModelBundle.open(bundle),
                InferenceDevice.parse("cpu"), CpuThreads.of(threads))) {
            new Sampler(transformer).sample(GaussianNoise.sample(7, count), shape, text, 4f, new FlowEulerScheduler(2, 2.0),
                    (s, t) -> { });
            System.out.printf("%-10s %12s %10s %10s%n", "max batch", "videos/min", "p50 ms", "p95 ms");
            for (int maxBatch : new int[] {1, 2, 4, 8}) {
                try (StepBatcher batcher = new StepBatcher(transformer, maxBatch)) {
                    long start = System.nanoTime();
                    List<java.util.concurrent.CompletableFuture<Double>> latencies = new ArrayList<>();
                    for (int j = 0; j < jobs; j++) {
                        long submitted = System.nanoTime();
                        latencies.add(batcher.submit(new StepBatcher.Job(GaussianNoise.sample(j, count), shape, text, 4f,
                                new FlowEulerScheduler(steps, 2.0), (s, t) -> { }))
                                .thenApply(x -> (System.nanoTime() - submitted) / 1e6));
                    }
                    List<Double> done = latencies.stream().map(java.util.concurrent.CompletableFuture::join).sorted().toList();
                    double minutes = (System.nanoTime() - start) / 6e10;
                    System.out.printf("%-10d %12.1f %10.0f %10.0f%n", maxBatch, jobs / minutes,
                            done.get(done.size() / 2), done.get((int) Math.ceil(done.size() * 0.95) - 1));
                }
            }
        }
    }
}
