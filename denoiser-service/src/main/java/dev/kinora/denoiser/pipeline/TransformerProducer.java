package dev.kinora.denoiser.pipeline;

import dev.kinora.denoiser.model.DiffusionTransformer;
import dev.kinora.denoiser.model.StepBatcher;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.GraphPrecision;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the transformer graph at start, so a bad bundle stops the service before it takes work. */
@ApplicationScoped
public class TransformerProducer {

    /** ONNX Runtime intra-op threads of this service; 0 keeps kinora.inference.threads. */
    @ConfigProperty(name = "kinora.denoiser.threads", defaultValue = "0")
    int threads;

    /** Matrix products in {@code fp32}, {@code fp16}, or {@code auto}: fp16 on a configured CUDA device. */
    @ConfigProperty(name = "kinora.denoiser.precision", defaultValue = "auto")
    String precision;

    @Produces
    @Singleton
    @Startup
    DiffusionTransformer transformer(ModelBundle bundle, InferenceDevice device, CpuThreads cpu) {
        DiffusionTransformer transformer = new DiffusionTransformer(bundle, device, cpu.withCount(threads),
                GraphPrecision.parse(precision));
        transformer.warmUp(bundle.manifest().textEncoder().hiddenSize());
        return transformer;
    }

    /** Jobs that share one transformer call; the worker pool lets this many records run at once. */
    @ConfigProperty(name = "kinora.denoiser.max-batch", defaultValue = "4")
    int maxBatch;

    @Produces
    @Singleton
    StepBatcher batcher(DiffusionTransformer transformer, MeterRegistry registry) {
        StepBatcher batcher = new StepBatcher(transformer, maxBatch);
        Gauge.builder("kinora_denoise_batch_size", batcher, StepBatcher::lastBatchSize)
                .description("Jobs in the last transformer call")
                .register(registry);
        return batcher;
    }

    void closeBatcher(@Disposes StepBatcher batcher) {
        batcher.close();
    }

    void close(@Disposes DiffusionTransformer transformer) {
        transformer.close();
    }
}
