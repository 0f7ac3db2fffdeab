package dev.kinora.events.payload;

import dev.kinora.events.EventJson;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.tensor.SafeTensors;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.events.tensor.TensorFile;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code kinora.store}: the job plus the encoded MP4 and its poster PNG, as byte tensors. */
public record StoreTask(JobSpec job, byte[] video, byte[] poster) {

    public static final String VIDEO = "video_mp4";
    public static final String POSTER = "poster_png";

    public byte[] encode() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(VIDEO, Tensor.bytes(video));
        tensors.put(POSTER, Tensor.bytes(poster));
        return SafeTensors.write(new TensorFile(tensors, Map.of(JobPayloads.JOB_KEY, EventJson.writeString(job))));
    }

    public static StoreTask decode(byte[] bytes) {
        TensorFile file = SafeTensors.read(bytes);
        return new StoreTask(JobPayloads.jobOf(file), file.tensor(VIDEO).data(), file.tensor(POSTER).data());
    }
}
