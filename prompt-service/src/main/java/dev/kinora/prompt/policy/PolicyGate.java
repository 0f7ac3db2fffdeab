package dev.kinora.prompt.policy;

import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.model.ModelBundle;
import dev.kinora.prompt.intake.RequestRejected;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs the content policies on a job's prompt before any stage sees it: the first policy that
 * blocks ends the request with CONTENT_POLICY. Every block is counted
 * ({@code kinora_policy_blocked_total{source,category}}) and audited on one log line that carries
 * the prompt's sha256 and, only when configured, its text. Screen the prompt the encoder will see:
 * after any rewriting.
 */
@Singleton
public class PolicyGate {

    private static final Logger AUDIT = Logger.getLogger("dev.kinora.prompt.policy.audit");

    private final List<ContentPolicy> policies;
    private final boolean auditPromptText;
    private final MeterRegistry metrics;

    @Inject
    public PolicyGate(PolicyConfig config, MeterRegistry metrics) {
        this(policies(config, metrics), config.auditPromptText(), metrics);
    }

    public PolicyGate(List<ContentPolicy> policies, boolean auditPromptText, MeterRegistry metrics) {
        this.policies = List.copyOf(policies);
        this.auditPromptText = auditPromptText;
        this.metrics = metrics;
    }

    /** Throws {@link RequestRejected} with CONTENT_POLICY when a policy blocks the job's prompt. */
    public void screen(JobSpec job) {
        for (ContentPolicy policy : policies) {
            PolicyVerdict verdict = policy.check(job.prompt());
            if (verdict.blocked()) {
                metrics.counter("kinora_policy_blocked_total", "source", verdict.source(), "category", verdict.category())
                        .increment();
                AUDIT.infof("content policy blocked requestId=%s jobId=%s source=%s category=%s rule=\"%s\" promptSha256=%s%s",
                        job.requestId(), job.jobId(), verdict.source(), verdict.category(), verdict.rule(),
                        ModelBundle.sha256(job.prompt().getBytes(StandardCharsets.UTF_8)),
                        auditPromptText ? " prompt=\"" + job.prompt().replace("\"", "\\\"") + "\"" : "");
                throw new RequestRejected(ReasonCode.CONTENT_POLICY,
                        "prompt is not allowed by the content policy (" + verdict.category() + ")",
                        List.of(new RequestRejected.FieldError("prompt", "is not allowed by the content policy ("
                                + verdict.category() + ")")));
            }
        }
    }

    private static List<ContentPolicy> policies(PolicyConfig config, MeterRegistry metrics) {
        List<ContentPolicy> out = new ArrayList<>();
        if (!config.enabled()) {
            return out;
        }
        BlockedTerms list = config.termsFile().map(PolicyGate::readList).orElseGet(BlockedTerms::builtIn);
        list = list.plus(BlockedTerms.parse(config.extraTerms().orElse(List.of())));
        out.add(new BlockedTermsPolicy(list));
        PolicyConfig.Moderation m = config.moderation();
        m.baseUrl().ifPresent(url -> out.add(new ModerationApiPolicy(url, m.apiKey(), m.model(), m.timeout(),
                m.failOpen(), metrics)));
        return out;
    }

    private static BlockedTerms readList(String file) {
        try {
            return BlockedTerms.parse(Files.readAllLines(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kinora.policy.terms-file " + file, e);
        }
    }
}
