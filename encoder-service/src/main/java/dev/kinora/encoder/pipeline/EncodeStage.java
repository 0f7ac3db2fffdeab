package dev.kinora.encoder.pipeline;

import dev.kinora.encoder.text.TextEmbedding;
import dev.kinora.encoder.text.TextEncoder;
import dev.kinora.events.Topics;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.events.contract.Stage;
import dev.kinora.events.payload.DenoiseTask;
import dev.kinora.events.payload.JobPayloads;
import dev.kinora.events.tensor.Tensor;
import dev.kinora.model.text.PromptTooLongException;
import dev.kinora.platform.EventPublisher;
import dev.kinora.platform.StageFailure;
import dev.kinora.platform.StageRunner;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** kinora.encode → text encoder → kinora.denoise (prompt and negative prompt, one batch). */
@ApplicationScoped
public class EncodeStage {

    @Inject
    TextEncoder encoder;

    @Inject
    StageRunner runner;

    @Inject
    EventPublisher publisher;

    @Incoming("encode-tasks")
    @Blocking
    public void onEncodeTask(ConsumerRecord<String, byte[]> record) {
        runner.run(Stage.ENCODE, record.key(), () -> JobPayloads.readJob(record.value()), j -> j, (unused, job, clock) -> {
            TextEmbedding text = encode(job);
            JobSpec timed = clock.stamp(job);
            // F16 on the wire: the model was trained on the same F16-rounded states.
            DenoiseTask task = new DenoiseTask(timed,
                    Tensor.f16(new long[] {2, text.tokens(), text.hiddenSize()}, text.hidden()),
                    Tensor.u8(new long[] {2, text.tokens()}, toBytes(text.mask())));
            publisher.publishTask(Topics.DENOISE, Stage.DENOISE, job.jobId(), task.encode());
        });
    }

    private TextEmbedding encode(JobSpec job) {
        String negative = job.negativePrompt() == null ? "" : job.negativePrompt();
        try {
            return encoder.encode(List.of(job.prompt(), negative));
        } catch (PromptTooLongException e) {
            throw new StageFailure(ReasonCode.PROMPT_TOO_LONG, e.getMessage(), e);
        }
    }

    private static byte[] toBytes(long[] mask) {
        byte[] out = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = (byte) mask[i];
        }
        return out;
    }
}
