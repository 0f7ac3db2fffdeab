package dev.kinora.events.payload;

import dev.kinora.events.EventJson;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.tensor.MalformedPayloadException;
import dev.kinora.events.tensor.TensorFile;
import java.io.IOException;

/** How the job travels inside a safetensors payload: as JSON under {@code __metadata__.job}. */
public final class JobPayloads {

    public static final String JOB_KEY = "job";

    private JobPayloads() {}

    public static JobSpec jobOf(TensorFile file) {
        String json = file.metadata().get(JOB_KEY);
        if (json == null) {
            throw new MalformedPayloadException("payload metadata has no '" + JOB_KEY + "'");
        }
        return readJob(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Reads a job from JSON, as {@code kinora.encode} carries it. */
    public static JobSpec readJob(byte[] json) {
        try {
            JobSpec job = EventJson.read(json, JobSpec.class);
            if (job == null || job.jobId() == null) {
                throw new MalformedPayloadException("job has no jobId");
            }
            return job;
        } catch (IOException e) {
            throw new MalformedPayloadException("job is not valid JSON: " + e.getMessage());
        }
    }
}
