package dev.kinora.decoder.pipeline;

import dev.kinora.decoder.vae.VaeDecoder;
import dev.kinora.decoder.video.Mp4Writer;
import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the VAE decoder at start and configures the MP4 encoder. */
@ApplicationScoped
public class DecoderProducer {

    /** ONNX Runtime intra-op threads of this service; 0 keeps kinora.inference.threads. */
    @ConfigProperty(name = "kinora.decoder.threads", defaultValue = "0")
    int threads;

    /** x264 constant rate factor: lower is better quality and bigger files. */
    @ConfigProperty(name = "kinora.decoder.crf", defaultValue = "18")
    int crf;

    @ConfigProperty(name = "kinora.decoder.preset", defaultValue = "veryfast")
    String preset;

    @Produces
    @Singleton
    @Startup
    VaeDecoder vaeDecoder(ModelBundle bundle, InferenceDevice device, CpuThreads cpu) {
        VaeDecoder decoder = new VaeDecoder(bundle, device, cpu.withCount(threads));
        decoder.warmUp();
        return decoder;
    }

    @Produces
    @Singleton
    Mp4Writer mp4Writer() {
        return new Mp4Writer(crf, preset);
    }

    void close(@Disposes VaeDecoder decoder) {
        decoder.close();
    }
}
