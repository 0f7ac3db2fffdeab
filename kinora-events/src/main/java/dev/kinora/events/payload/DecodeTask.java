package dev.kinora.events.payload;

import dev.kinora.events.EventJson;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.tensor.MalformedPayloadException;
import dev.kinora.events.tensor.SafeTensors;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.events.tensor.TensorFile;
import java.util.Map;

/**
 * {@code kinora.decode}: the job plus its denoised latents [1, C, T, H, W] in the model's
 * normalized space (the decoder applies the bundle's per-channel mean and std). F16 by default.
 */
public record DecodeTask(JobSpec job, Tensor latents) {

    public static final String LATENTS = "latents";

    public DecodeTask {
        if (latents.shape().length != 5) {
            throw new MalformedPayloadException("latents must be [B, C, T, H, W]");
        }
    }

    public byte[] encode() {
        return SafeTensors.write(new TensorFile(Map.of(LATENTS, latents),
                Map.of(JobPayloads.JOB_KEY, EventJson.writeString(job))));
    }

    public static DecodeTask decode(byte[] bytes) {
        TensorFile file = SafeTensors.read(bytes);
        return new DecodeTask(JobPayloads.jobOf(file), file.tensor(LATENTS));
    }
}
