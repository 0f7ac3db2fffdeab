package dev.kinora.events.contract;

/** Why a job failed; stable codes that callers can branch on. */
public enum ReasonCode {
    INVALID_REQUEST,
    PROMPT_TOO_LONG,
    UNSUPPORTED_MODEL,
    UNSUPPORTED_SIZE,
    /** The prompt is not allowed by the content policy (docs/safety.md); decided at intake. */
    CONTENT_POLICY,
    CORRUPT_PAYLOAD,
    CANCELLED,
    TIMEOUT,
    INTERNAL
}
