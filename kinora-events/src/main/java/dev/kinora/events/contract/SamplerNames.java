package dev.kinora.events.contract;

import java.util.List;

/**
 * The sampling algorithms a request may name in {@code scheduler} (null means the bundle's
 * default): first-order Euler, or the second-order multistep DPM-Solver++ (2M).
 */
public final class SamplerNames {

    public static final String FLOW_EULER = "flow-euler";
    public static final String FLOW_DPM_SOLVER_2M = "flow-dpm++2m";

    private SamplerNames() {}

    public static List<String> all() {
        return List.of(FLOW_EULER, FLOW_DPM_SOLVER_2M);
    }
}
