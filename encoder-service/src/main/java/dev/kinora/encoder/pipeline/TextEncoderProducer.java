package dev.kinora.encoder.pipeline;

import dev.kinora.encoder.text.TextEncoder;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the text encoder once at start, so a broken bundle stops the service before it takes work. */
@ApplicationScoped
public class TextEncoderProducer {

    /** ONNX Runtime intra-op threads of this service; 0 keeps kinora.inference.threads. */
    @ConfigProperty(name = "kinora.encoder.threads", defaultValue = "0")
    int threads;

    @Produces
    @Singleton
    @Startup
    TextEncoder textEncoder(ModelBundle bundle, InferenceDevice device, CpuThreads cpu) {
        TextEncoder encoder = new TextEncoder(bundle, device, cpu.withCount(threads));
        encoder.encode(java.util.List.of("warm up")); // first run compiles kernels; keep it off the first job
        return encoder;
    }

    void close(@Disposes TextEncoder encoder) {
        encoder.close();
    }
}
