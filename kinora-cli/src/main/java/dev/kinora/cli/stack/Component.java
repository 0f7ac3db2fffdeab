package dev.kinora.cli.stack;

import java.util.List;

/** Everything `kinora up` runs, each with the environment variable that moves its port. */
public enum Component {
    KAFKA("kafka", "KINORA_KAFKA_PORT", 9092),
    KAFKA_CONTROLLER("kafka-controller", "KINORA_CONTROLLER_PORT", 9093),
    S3("s3", "KINORA_S3_PORT", 9000),
    PROMPT_SERVICE("prompt-service", "KINORA_PROMPT_PORT", 8081),
    ENCODER_SERVICE("encoder-service", "KINORA_ENCODER_PORT", 8082),
    DENOISER_SERVICE("denoiser-service", "KINORA_DENOISER_PORT", 8083),
    DECODER_SERVICE("decoder-service", "KINORA_DECODER_PORT", 8084),
    STORAGE_SERVICE("storage-service", "KINORA_STORAGE_PORT", 8085);

    private final String displayName;
    private final String portEnvVar;
    private final int defaultPort;

    Component(String displayName, String portEnvVar, int defaultPort) {
        this.displayName = displayName;
        this.portEnvVar = portEnvVar;
        this.defaultPort = defaultPort;
    }

    /** The five Quarkus services; each name is also its Maven module directory. */
    public static List<Component> services() {
        return List.of(PROMPT_SERVICE, ENCODER_SERVICE, DENOISER_SERVICE, DECODER_SERVICE, STORAGE_SERVICE);
    }

    /** The ports the local-stack process binds. */
    public static List<Component> localStack() {
        return List.of(KAFKA, KAFKA_CONTROLLER, S3);
    }

    public String displayName() {
        return displayName;
    }

    public String portEnvVar() {
        return portEnvVar;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
