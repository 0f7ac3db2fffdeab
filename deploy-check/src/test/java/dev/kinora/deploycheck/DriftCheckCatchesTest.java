package dev.kinora.deploycheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.Topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The drift check fails when one side changes alone: each test loads the real repository,
 * changes one value in memory, and expects a problem naming it.
 */
class DriftCheckCatchesTest {

    private static void expect(DeployModel model, String fragment) {
        List<String> problems = DriftCheck.problems(model);
        assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)),
                () -> "expected a problem containing '" + fragment + "', got " + problems);
    }

    /** Applies {@code change} to every KafkaTopic / ScaledObject / ... of every rendering. */
    private static void eachDoc(DeployModel model, String kind, Consumer<Map<String, Object>> change) {
        model.k8s().values().forEach(docs -> docs.stream().filter(d -> kind.equals(d.get("kind"))).forEach(change));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("spec");
    }

    @Test
    void topicRenamedInKubernetesOnly() {
        DeployModel model = DeployDriftTest.load();
        eachDoc(model, "KafkaTopic", d -> {
            if ("kinora.denoise".equals(spec(d).get("topicName"))) {
                spec(d).put("topicName", "kinora.denoising");
            }
        });
        expect(model, "topic 'kinora.denoise' from Topics.all() is missing");
        expect(model, "topic 'kinora.denoising' is not in Topics.all()");
    }

    @Test
    void topicRenamedInTopicsJavaOnly() {
        DeployModel real = DeployDriftTest.load();
        List<TopicSpec> renamed = real.topics().stream()
                .map(t -> t.name().equals("kinora.decode") ? new TopicSpec("kinora.decoding", t.partitions(), t.config()) : t)
                .toList();
        DeployModel model = new DeployModel(renamed, real.services(), real.k8s(), real.rendered(),
                real.compose(), real.composeTopics(), real.prometheus(), real.composeAlerts());
        expect(model, "KafkaTopics: topic 'kinora.decoding' from Topics.all() is missing");
        expect(model, "create-topics.sh: topic 'kinora.decode' is not in Topics.all()");
        expect(model, "decoder-service channel decode-tasks: consumes topic 'kinora.decode' which is not in Topics.all()");
    }

    @Test
    void topicRenamedInServiceOnly() {
        DeployModel real = DeployDriftTest.load();
        UnaryOperator<ServiceConfig> rename = s -> new ServiceConfig(s.name(), s.httpPort(), s.incoming().stream()
                .map(i -> i.topics().contains("kinora.denoise")
                        ? new ServiceConfig.Incoming(i.channel(), List.of("kinora.denoise2"), i.groupId(), i.deadLetterTopic())
                        : i)
                .toList());
        DeployModel model = new DeployModel(real.topics(), real.services().stream().map(rename).toList(), real.k8s(),
                real.rendered(), real.compose(), real.composeTopics(), real.prometheus(), real.composeAlerts());
        expect(model, "consumes topic 'kinora.denoise2' which is not in Topics.all()");
        expect(model, "scales on topic 'kinora.denoise' which denoiser-service does not consume");
    }

    @Test
    void composeTopicWithWrongPartitions() {
        DeployModel real = DeployDriftTest.load();
        List<TopicSpec> topics = new ArrayList<>(real.composeTopics());
        topics.replaceAll(t -> t.name().equals("kinora.denoise") ? new TopicSpec(t.name(), 2, t.config()) : t);
        DeployModel model = new DeployModel(real.topics(), real.services(), real.k8s(), real.rendered(),
                real.compose(), topics, real.prometheus(), real.composeAlerts());
        expect(model, "topic 'kinora.denoise' has 2 partitions, Topics.all() says 8");
    }

    @Test
    void consumerGroupChangedInScaledObjectOnly() {
        DeployModel model = DeployDriftTest.load();
        eachDoc(model, "ScaledObject", d -> Tree.list(d, "spec", "triggers")
                .forEach(t -> Tree.map(t, "metadata").replace("consumerGroup", "kinora-denoiser", "kinora-denoise")));
        expect(model, "consumerGroup 'kinora-denoise' but denoiser-service consumes kinora.denoise with group.id 'kinora-denoiser'");
    }

    @Test
    void tooManyDenoiserReplicas() {
        DeployModel model = DeployDriftTest.load();
        eachDoc(model, "ScaledObject", d -> spec(d).put("maxReplicaCount", 9));
        expect(model, "maxReplicaCount 9 exceeds the 8 partitions of kinora.denoise");
    }

    @Test
    void portChangedInDeploymentOnly() {
        DeployModel model = DeployDriftTest.load();
        eachDoc(model, "Deployment", d -> Tree.list(d, "spec", "template", "spec", "containers", 0, "ports")
                .forEach(p -> Tree.map(p).replace("containerPort", 8083, 9083)));
        expect(model, "Deployment denoiser-service: http containerPort 9083 but quarkus.http.port is 8083");
    }

    @Test
    void composePortChangedOnly() {
        DeployModel model = DeployDriftTest.load();
        Tree.map(model.compose(), "services", "storage-service").put("ports", List.of("8085:9085"));
        expect(model, "service storage-service: does not map container port 8085");
    }

    @Test
    void groupIdChangedInServiceOnly() {
        DeployModel real = DeployDriftTest.load();
        UnaryOperator<ServiceConfig> regroup = s -> new ServiceConfig(s.name(), s.httpPort(), s.incoming().stream()
                .map(i -> "kinora-denoiser".equals(i.groupId())
                        ? new ServiceConfig.Incoming(i.channel(), i.topics(), "denoiser-v2", i.deadLetterTopic())
                        : i)
                .toList());
        DeployModel model = new DeployModel(real.topics(), real.services().stream().map(regroup).toList(), real.k8s(),
                real.rendered(), real.compose(), real.composeTopics(), real.prometheus(), real.composeAlerts());
        expect(model, "consumerGroup 'kinora-denoiser' but denoiser-service consumes kinora.denoise with group.id 'denoiser-v2'");
        expect(model, "misses group.id 'denoiser-v2'");
    }
}
