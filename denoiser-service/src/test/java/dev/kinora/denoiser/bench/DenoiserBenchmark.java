package dev.kinora.denoiser.bench;

import dev.kinora.denoiser.TestTexts;
import dev.kinora.denoiser.model.DiffusionTransformer;
import dev.kinora.denoiser.model.ReferenceSampler;
import dev.kinora.denoiser.model.StepBatcher;
import dev.kinora.denoiser.model.TextConditioning;
import dev.kinora.denoiser.noise.GaussianNoise;
import dev.kinora.denoiser.schedule.FlowEulerScheduler;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.GraphPrecision;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Times the Java denoiser (ONNX Runtime + Java scheduler and guidance) on one job, the same job
 * tools/model/kinora_model/bench_reference.py times in PyTorch; tools/bench-denoiser runs both and prints the
 * ratio. Not a test: a main class kept with the tests so it shares their class path.
 * Args: BUNDLE_DIR STEPS RUNS THREADS [throughput JOBS | guidance].
 * With {@code throughput JOBS}: JOBS jobs submitted at once to the step batcher at max batch 1, 2,
 * 4 and 8, printing videos per minute and p50/p95 latency for each.
 * With {@code guidance}: the transformer calls of one job's steps as the denoiser makes them (the
 * conditional and unconditional pass as one batch of two), as two calls of one, and as one batch
 * of two through the float16 graph, alternating run by run, with the ratios.
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
        if (args.length > 4 && args[4].equals("guidance")) {
            guidance(bundle, steps, runs, threads, shape, count, text);
            return;
        }
        List<Double> times = new ArrayList<>();
        try (DiffusionTransformer transformer = new DiffusionTransformer(ModelBundle.open(bundle),
                InferenceDevice.parse("cpu"), CpuThreads.of(threads))) {
            ReferenceSampler sampler = new ReferenceSampler(transformer);
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

    private static void guidance(Path bundle, int steps, int runs, int threads, long[] shape, int count,
            TextConditioning text) {
        ModelBundle b = ModelBundle.open(bundle);
        try (DiffusionTransformer fp32 = new DiffusionTransformer(b, InferenceDevice.parse("cpu"), CpuThreads.of(threads));
                DiffusionTransformer fp16 = new DiffusionTransformer(b, InferenceDevice.parse("cpu"), CpuThreads.of(threads),
                        GraphPrecision.FP16);
                DiffusionTransformer int8 = new DiffusionTransformer(b, InferenceDevice.parse("cpu"), CpuThreads.of(threads),
                        GraphPrecision.INT8)) {
            long tokens = text.hiddenShape()[1];
            long dim = text.hiddenShape()[2];
            long[] pair = {2, shape[0], shape[1], shape[2], shape[3]};
            long[] one = {1, shape[0], shape[1], shape[2], shape[3]};
            FloatBuffer latents2 = direct(2 * count);
            FloatBuffer latents1 = direct(count);
            FloatBuffer[] halves = {text.hidden().slice(0, (int) (tokens * dim)), text.hidden().slice((int) (tokens * dim), (int) (tokens * dim))};
            long[][] masks = {Arrays.copyOfRange(text.mask(), 0, (int) tokens), Arrays.copyOfRange(text.mask(), (int) tokens, (int) (2 * tokens))};
            float[] out2 = new float[2 * count];
            float[] out1 = new float[count];
            Map<String, List<Double>> ms = new LinkedHashMap<>();
            for (int r = -1; r < runs; r++) {   // run -1 warms every variant up
                for (String variant : List.of("batch of 2", "2 calls of 1", "batch of 2, fp16", "batch of 2, int8")) {
                    long start = System.nanoTime();
                    for (int i = 0; i < steps; i++) {
                        float sigma = 1f - i / (float) steps;
                        if (variant.equals("2 calls of 1")) {
                            for (int half = 0; half < 2; half++) {
                                fp32.predict(latents1, one, new float[] {sigma}, halves[half], new long[] {1, tokens, dim},
                                        masks[half], out1);
                            }
                        } else {
                            DiffusionTransformer graph = variant.endsWith("fp16") ? fp16 : variant.endsWith("int8") ? int8 : fp32;
                            graph.predict(latents2, pair, new float[] {sigma, sigma},
                                    text.hidden(), text.hiddenShape(), text.mask(), out2);
                        }
                    }
                    if (r >= 0) {
                        ms.computeIfAbsent(variant, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
                    }
                }
            }
            double base = median(ms.get("batch of 2"));
            System.out.printf("transformer calls of one %d-step job with guidance, %d threads, CPU provider%n", steps, threads);
            System.out.printf("%-18s %14s %10s  runs%n", "variant", "median ms", "vs batch");
            ms.forEach((variant, t) -> System.out.printf("%-18s %14.1f %9.2fx  %s%n", variant, median(t), median(t) / base,
                    t.stream().map(v -> String.format("%.0f", v)).toList()));
        }
    }

    private static FloatBuffer direct(int floats) {
        FloatBuffer b = ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        Random random = new Random(3);
        for (int i = 0; i < floats; i++) {
            b.put(i, (float) random.nextGaussian());
        }
        return b;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void throughput(Path bundle, int steps, int threads, int jobs, long[] shape, int count,
            TextConditioning text) {
        try (DiffusionTransformer transformer = new DiffusionTransformer(ModelBundle.open(bundle),
                InferenceDevice.parse("cpu"), CpuThreads.of(threads))) {
            new ReferenceSampler(transformer).sample(GaussianNoise.sample(7, count), shape, text, 4f, new FlowEulerScheduler(2, 2.0),
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
