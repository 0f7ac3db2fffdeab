package dev.kinora.evaluator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sampler choices a suite run sends with every prompt; each may be null, and then the model
 * bundle's (or the denoiser's) default applies.
 */
public record SamplerSettings(Integer steps, Double guidanceScale, String scheduler, Double cacheThreshold) {

    public static final SamplerSettings DEFAULTS = new SamplerSettings(null, null, null, null);

    /** Adds the choices that were made to a create body, leaving the others out. */
    void addTo(ObjectNode body) {
        if (steps != null) {
            body.put("steps", steps);
        }
        if (guidanceScale != null) {
            body.put("guidanceScale", guidanceScale);
        }
        if (scheduler != null) {
            body.put("scheduler", scheduler);
        }
        if (cacheThreshold != null) {
            body.put("cacheThreshold", cacheThreshold);
        }
    }
}
