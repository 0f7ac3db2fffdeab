package dev.kinora.provenance;

/**
 * What Kinora signs about one video: it was made by a trained model (IPTC's DigitalSourceType
 * term), which model and bundle, for which job, when, and the exact bytes (sha256 and size).
 */
public record ProvenanceManifest(
        int format,
        String digitalSourceType,
        String jobId,
        String videoSha256,
        long videoBytes,
        String model,
        String modelVersion,
        String modelSha256,
        String createdAt,
        String generator) {

    public static final int FORMAT = 1;
    public static final String TRAINED_ALGORITHMIC_MEDIA =
            "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
}
