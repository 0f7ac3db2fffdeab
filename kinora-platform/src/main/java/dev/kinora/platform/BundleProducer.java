package dev.kinora.platform;

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
}
