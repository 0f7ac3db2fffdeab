package dev.kinora.prompt.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code kinora.policy.*}: the content policy at intake (docs/safety.md, docs/architecture.md). */
@ConfigMapping(prefix = "kinora.policy")
public interface PolicyConfig {

    /** Off only for deployments that moderate upstream. */
    @WithDefault("true")
    boolean enabled();

    /** A file that replaces the built-in list (same syntax as policy/blocked-terms.txt). */
    Optional<String> termsFile();

    /** Terms added to the list, comma-separated (patterns go in a terms file). */
    Optional<List<String>> extraTerms();

    /** Whether the audit line of a blocked request carries its prompt; off: only its sha256. */
    @WithDefault("false")
    boolean auditPromptText();

    Moderation moderation();

    /** An OpenAI-compatible moderation endpoint, consulted after the list when a base URL is set. */
    interface Moderation {

        /** With the version, as OpenAI's SDKs take it: https://api.openai.com/v1. */
        Optional<URI> baseUrl();

        Optional<String> apiKey();

        @WithDefault("omni-moderation-latest")
        String model();

        @WithDefault("3s")
        Duration timeout();

        /** true: an unreachable service lets prompts through; false: it blocks them. */
        @WithDefault("false")
        boolean failOpen();
    }
}
