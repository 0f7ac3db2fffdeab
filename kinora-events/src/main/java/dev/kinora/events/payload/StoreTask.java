package dev.kinora.events.payload;

import dev.kinora.events.EventJson;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.tensor.SafeTensors;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.events.tensor.TensorFile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code kinora.store}: the job plus the encoded MP4, its poster PNG and a spritesheet PNG of its
 * frames, as byte tensors. The spritesheet may be null (payloads written before it existed).
 */
public record StoreTask(JobSpec job, byte[] video, byte[] poster, byte[] spritesheet) {

    public static final String VIDEO = "video_mp4";
    public static final String POSTER = "poster_png";
    public static final String SPRITESHEET = "spritesheet_png";

    public StoreTask(JobSpec job, byte[] video, byte[] poster) {
        this(job, video, poster, null);
    }

    public byte[] encode() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(VIDEO, Tensor.bytes(video));
        tensors.put(POSTER, Tensor.bytes(poster));
        if (spritesheet != null) {
            tensors.put(SPRITESHEET, Tensor.bytes(spritesheet));
        }
        return SafeTensors.write(new TensorFile(tensors, Map.of(JobPayloads.JOB_KEY, EventJson.writeString(job))));
    }

    public static StoreTask decode(byte[] bytes) {
        TensorFile file = SafeTensors.read(bytes);
        Tensor spritesheet = file.tensors().get(SPRITESHEET);
        return new StoreTask(JobPayloads.jobOf(file), file.tensor(VIDEO).data(), file.tensor(POSTER).data(),
                spritesheet == null ? null : spritesheet.data());
    }
}
