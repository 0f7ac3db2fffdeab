package dev.kinora.deploycheck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/ as committed agrees with Topics.all() and with every service's configuration. */
class DeployDriftTest {

    private static DeployModel loaded;

    /** The repository, rendered once per test run; each caller gets its own mutable copy. */
    static synchronized DeployModel load() {
        if (loaded == null) {
            loaded = new DeployLoader(DeployLoader.findRoot(),
                    Boolean.getBoolean("kinora.deploy.requireRendered")).load();
        }
        DeployModel m = loaded;
        return new DeployModel(m.topics(), m.services(), Tree.copy(m.k8s()), m.rendered(), Tree.copy(m.compose()),
                m.composeTopics(), Tree.copy(m.prometheus()), Tree.copy(m.composeAlerts()));
    }

    @Test
    void deployMatchesServicesAndTopics() {
        DeployModel model = load();
        if (!model.rendered()) {
            System.out.println("deploy-check: kubectl not found, checked the raw base files only");
        }
        assertFalse(model.services().isEmpty(), "no *-service modules found");
        List<String> problems = DriftCheck.problems(model);
        assertTrue(problems.isEmpty(), () -> "deploy/ drifted from the services or Topics.all():\n  "
                + String.join("\n  ", problems));
    }
}
