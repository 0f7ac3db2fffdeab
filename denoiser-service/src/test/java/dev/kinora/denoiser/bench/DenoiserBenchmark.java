package dev.kinora.denoiser.bench;

import dev.kinora.denoiser.model.DiffusionTransformer;
import dev.kinora.denoiser.model.Sampler;
import dev.kinora.denoiser.model.TextConditioning;
import dev.kinora.denoiser.noise.GaussianNoise;
import dev.kinora.denoiser.schedule.FlowEulerScheduler;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Times the Java denoiser (ONNX Runtime + Java scheduler and guidance) on one job, the same job
 * tools/model/bench_reference.py times in PyTorch; tools/bench-denoiser runs both and prints the
 * ratio. Not a test: a main class kept with the tests so it shares their class path.
 * Args: BUNDLE_DIR STEPS RUNS THREADS.
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
        Random random = new Random(1);
        int tokens = 11;
        float[] hidden = new float[2 * tokens * 384];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = (float) random.nextGaussian();
        }
        long[] mask = new long[2 * tokens];
        for (int i = 0; i < tokens; i++) {
            mask[i] = 1;
        }
        mask[tokens] = 1;
        mask[tokens + 1] = 1;
        TextConditioning text = TextConditioning.of(hidden, tokens, 384, mask);
        List<Double> times = new ArrayList<>();
        try (DiffusionTransformer transformer = new DiffusionTransformer(ModelBundle.open(bundle),
                InferenceDevice.parse("cpu"), threads)) {
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
}
