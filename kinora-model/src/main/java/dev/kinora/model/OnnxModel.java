package dev.kinora.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jboss.logging.Logger;

/**
 * One ONNX graph with its session, opened on the configured device with a logged fallback to CPU.
 * Input and output names are checked against the graph so a manifest that lies fails at start.
 */
public final class OnnxModel implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OnnxModel.class);

    private final String name;
    private final OrtSession session;
    private final String provider;

    private OnnxModel(String name, OrtSession session, String provider) {
        this.name = name;
        this.session = session;
        this.provider = provider;
    }

    public static OnnxModel open(String name, byte[] graph, InferenceDevice device, CpuThreads threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (threads.count() > 0) {
                options.setIntraOpNumThreads(threads.count());
            }
            options.addConfigEntry("session.intra_op.allow_spinning", threads.spinWait() ? "1" : "0");
            String provider = "CPU";
            if (device.kind() != InferenceDevice.Kind.CPU) {
                try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(device.index())) {
                    for (Map.Entry<String, String> o : device.cuda().providerOptions(device.index()).entrySet()) {
                        cuda.add(o.getKey(), o.getValue());
                    }
                    // The session options copy the provider options, so these may close before the session opens.
                    options.addCUDA(cuda);
                    provider = "CUDA:" + device.index();
                } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
                    if (device.kind() == InferenceDevice.Kind.CUDA) {
                        LOG.warnf("%s: CUDA device %d requested but unavailable (%s); falling back to CPU",
                                name, device.index(), e.getMessage());
                    }
                }
            }
            OrtSession session = env.createSession(graph, options);
            LOG.infof("%s: ONNX Runtime session open on %s (inputs %s, outputs %s)",
                    name, provider, session.getInputNames(), session.getOutputNames());
            return new OnnxModel(name, session, provider);
        } catch (OrtException e) {
            throw new BundleException(name + ": ONNX Runtime cannot open the graph: " + e.getMessage(), e);
        }
    }

    public OrtSession session() {
        return session;
    }

    /** The execution provider the session actually runs on, e.g. {@code CPU} or {@code CUDA:0}. */
    public String provider() {
        return provider;
    }

    /** Fails fast when the manifest names an input the graph does not have. */
    public void requireInputs(Iterable<String> names) {
        requireNames(names, session.getInputNames(), "input");
    }

    public void requireOutputs(Iterable<String> names) {
        requireNames(names, session.getOutputNames(), "output");
    }

    private void requireNames(Iterable<String> names, java.util.Set<String> actual, String what) {
        for (String n : names) {
            if (!actual.contains(n)) {
                throw new BundleException(name + ": graph has no " + what + " '" + n + "' (has " + actual + ")");
            }
        }
    }

    public Map<String, NodeInfo> inputInfo() {
        try {
            return session.getInputInfo();
        } catch (OrtException e) {
            throw new NoSuchElementException(name + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warnf("%s: closing the session failed: %s", name, e.getMessage());
        }
    }
}
