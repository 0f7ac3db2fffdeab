package dev.kinora.decoder.pipeline;

import dev.kinora.decoder.vae.DecodedFrames;
import dev.kinora.decoder.vae.VaeDecoder;
import dev.kinora.decoder.video.Mp4Writer;
import dev.kinora.decoder.video.Mp4XmpBox;
import dev.kinora.decoder.video.PosterWriter;
import dev.kinora.decoder.video.ProvenanceXmp;
import dev.kinora.decoder.video.SpritesheetWriter;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.payload.DecodeTask;
import dev.kinora.events.payload.StoreTask;
import dev.kinora.platform.EventPublisher;
import dev.kinora.platform.StageRunner;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** kinora.decode → VAE decoder → H.264 MP4 with provenance XMP + poster + spritesheet → kinora.store. */
@ApplicationScoped
public class DecodeStage {

    @Inject
    VaeDecoder decoder;

    @Inject
    Mp4Writer mp4;

    @Inject
    StageRunner runner;

    @Inject
    EventPublisher publisher;

    @Incoming("decode-tasks")
    @Blocking
    public void onDecodeTask(ConsumerRecord<String, byte[]> record) {
        runner.runTask(Stage.DECODE, record, DecodeTask::decode,
                DecodeTask::job, (task, job, clock) -> {
                    DecodedFrames frames = decoder.decode(task.latents().toFloats(), task.latents().shape());
                    DecodedFrames trimmed = trim(frames, job);
                    // Marked as AI-generated before anything hashes or stores it (docs/safety.md).
                    byte[] video = Mp4XmpBox.append(mp4.encode(trimmed, job.fps()), ProvenanceXmp.of(job, Instant.now()));
                    byte[] poster = PosterWriter.png(trimmed);
                    byte[] spritesheet = SpritesheetWriter.png(trimmed);
                    StoreTask out = new StoreTask(clock.stamp(job), video, poster, spritesheet);
                    publisher.publishTask(Topics.STORE, Stage.STORE, job.jobId(), out.encode());
                });
    }

    /** The decoder yields 1 + 4k frames; a job may ask for fewer, so keep exactly what it asked. */
    private static DecodedFrames trim(DecodedFrames frames, JobSpec job) {
        if (frames.frames() < job.frames()) {
            throw new IllegalStateException("decoder produced " + frames.frames() + " frames, job asked for " + job.frames());
        }
        if (frames.frames() == job.frames()) {
            return frames;
        }
        int plane = frames.height() * frames.width();
        float[] pixels = new float[3 * job.frames() * plane];
        for (int ch = 0; ch < 3; ch++) {
            System.arraycopy(frames.pixels(), ch * frames.frames() * plane, pixels, ch * job.frames() * plane,
                    job.frames() * plane);
        }
        return new DecodedFrames(job.frames(), frames.height(), frames.width(), pixels);
    }
}
