package dev.kinora.platform;

import dev.kinora.model.CpuThreads;
import dev.kinora.model.CudaOptions;
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

    /** CUDA arena growth: {@code same-as-requested} or {@code next-power-of-two}. */
    @ConfigProperty(name = "kinora.inference.cuda.arena-extend", defaultValue = "same-as-requested")
    String cudaArenaExtend;

    /** Cap on the CUDA arena in bytes, 0 for none: set it when several replicas share one GPU. */
    @ConfigProperty(name = "kinora.inference.cuda.memory-limit-bytes", defaultValue = "0")
    long cudaMemoryLimit;

    /** cuDNN convolution algorithm search: {@code exhaustive}, {@code heuristic} or {@code default}. */
    @ConfigProperty(name = "kinora.inference.cuda.conv-algo-search", defaultValue = "exhaustive")
    String cudaConvAlgoSearch;

    /** Copies on the compute stream (true, ONNX Runtime's safe default) or on a stream of their own. */
    @ConfigProperty(name = "kinora.inference.cuda.copy-in-default-stream", defaultValue = "true")
    boolean cudaCopyInDefaultStream;

    /** TF32 matrix math on Ampere and later GPUs. */
    @ConfigProperty(name = "kinora.inference.cuda.tf32", defaultValue = "false")
    boolean cudaTf32;

    @Produces
    @Singleton
    InferenceDevice device() {
        return InferenceDevice.parse(device).withCuda(CudaOptions.parse(cudaArenaExtend, cudaMemoryLimit,
                cudaConvAlgoSearch, cudaCopyInDefaultStream, cudaTf32));
    }

    @Produces
    @Singleton
    CpuThreads cpuThreads() {
        return new CpuThreads(threads, spinWait);
    }
}
