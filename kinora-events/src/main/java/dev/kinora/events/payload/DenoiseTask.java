package dev.kinora.events.payload;

import dev.kinora.events.EventJson;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.tensor.MalformedPayloadException;
import dev.kinora.events.tensor.SafeTensors;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.events.tensor.TensorFile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code kinora.denoise}: the job plus its text conditioning, row 0 the prompt and row 1 the
 * negative (or empty) prompt, both padded to the same token count: {@code text_hidden} [2, L, D]
 * and {@code text_mask} [2, L] (1 = real token).
 */
public record DenoiseTask(JobSpec job, Tensor textHidden, Tensor textMask) {

    public static final String HIDDEN = "text_hidden";
    public static final String MASK = "text_mask";

    public DenoiseTask {
        if (textHidden.shape().length != 3 || textHidden.shape()[0] != 2) {
            throw new MalformedPayloadException("text_hidden must be [2, L, D]");
        }
        if (textMask.shape().length != 2 || textMask.shape()[1] != textHidden.shape()[1]) {
            throw new MalformedPayloadException("text_mask must be [2, L] matching text_hidden");
        }
    }

    public byte[] encode() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(HIDDEN, textHidden);
        tensors.put(MASK, textMask);
        return SafeTensors.write(new TensorFile(tensors, Map.of(JobPayloads.JOB_KEY, EventJson.writeString(job))));
    }

    public static DenoiseTask decode(byte[] bytes) {
        TensorFile file = SafeTensors.read(bytes);
        return new DenoiseTask(JobPayloads.jobOf(file), file.tensor(HIDDEN), file.tensor(MASK));
    }
}
