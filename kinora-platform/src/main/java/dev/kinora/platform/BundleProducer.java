package dev.kinora.platform;

import dev.kinora.model.CpuThreads;
import dev.kinora.model.InferenceDevice;
import dev.kinora.model.ModelBundle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The model bundle named by {@code kinora.model.path}, opened once per service. */
@ApplicationScoped
public class BundleProducer {

    /** Folder of the bundle; the local stack passes the absolute path of models/tiny-shapes. */
    @ConfigProperty(name = "kinora.model.path", defaultValue = "models/tiny-shapes")
    String path;

    /** {@code auto}, {@code cpu} or {@code cuda:N}; auto uses CUDA when present, else CPU. */
    @ConfigProperty(name = "kinora.inference.device", defaultValue = "auto")
    String device;

    /** ONNX Runtime intra-op threads for every graph of the service; 0 = one per core. */
    @ConfigProperty(name = "kinora.inference.threads", defaultValue = "0")
    int threads;

    /**
     * Let idle ONNX Runtime threads spin. Off by default: stages that share a host (the local stack,
     * a packed node) lose to each other's spinning threads more than spinning saves.
     */
    @ConfigProperty(name = "kinora.inference.spin-wait", defaultValue = "false")
    boolean spinWait;

    @Produces
    @Singleton
    ModelBundle bundle() {
        return ModelBundle.open(Path.of(path));
    }

    @Produces
    @Singleton
    InferenceDevice device() {
        return InferenceDevice.parse(device);
    }

    @Produces
    @Singleton
    CpuThreads cpuThreads() {
        return new CpuThreads(threads, spinWait);
    }
}
