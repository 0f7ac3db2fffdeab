package dev.kinora.prompt.intake;

import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.model.ModelBundle;
import dev.kinora.model.text.Tokenizer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses a prompt the text encoder would refuse, at intake: its tokens are counted with the
 * bundle's own tokenizer and window, so a job is never accepted and then failed at the encoder.
 * Check the prompt the encoder will see (after any rewriting).
 */
@Singleton
public class PromptTokenLimit {

    private final Tokenizer tokenizer;

    @Inject
    public PromptTokenLimit(ModelBundle bundle) {
        this(Tokenizer.of(bundle));
    }

    public PromptTokenLimit(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Throws {@link RequestRejected} with PROMPT_TOO_LONG naming every over-long field. */
    public void check(JobSpec job) {
        List<RequestRejected.FieldError> errors = new ArrayList<>();
        over("prompt", job.prompt(), errors);
        over("negativePrompt", job.negativePrompt(), errors);
        if (!errors.isEmpty()) {
            String message = errors.stream().map(e -> e.field() + " " + e.message())
                    .reduce((a, b) -> a + "; " + b).orElse("");
            throw new RequestRejected(ReasonCode.PROMPT_TOO_LONG, message, errors);
        }
    }

    private void over(String field, String text, List<RequestRejected.FieldError> errors) {
        if (text == null) {
            return;
        }
        int tokens = tokenizer.count(text);
        if (tokens > tokenizer.maxTokens()) {
            errors.add(new RequestRejected.FieldError(field, "has " + tokens + " tokens; the model's text encoder reads at most "
                    + tokenizer.maxTokens() + " (special tokens included)"));
        }
    }

    @PreDestroy
    void close() {
        tokenizer.close();
    }
}
