package dev.kinora.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reads every rendered Strimzi resource into Strimzi's own Java model (io.strimzi:api) and fails
 * on any property the model does not know: a check, from upstream code, of the property names that
 * our hand-written schema (deploy/validate/schemas/strimzi-v1.json) can only list from the docs.
 * The jar ships no CRD schema, and the annotations that say which field exists in which API version
 * live in Strimzi's crd-generator, which the registries here do not serve; so required fields and
 * fields removed in v1 stay with our own schema, and property names are checked here.
 */
class StrimziModelTest {

    private static final Map<String, Class<?>> MODELS = Map.of(
            "Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class,
            "KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class,
            "KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<String> unknownProperties(Map<String, Object> doc) {
        Object model = MAPPER.convertValue(doc, MODELS.get(String.valueOf(doc.get("kind"))));
        List<String> unknown = new ArrayList<>();
        walk(model, "", unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    /** Collects additionalProperties (where unknown keys land) on every model object reachable. */
    private static void walk(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                walk(o, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        String pkg = node.getClass().getPackageName();
        if (!pkg.startsWith("io.strimzi.") && !pkg.startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else {
                String name = getter.getName().substring(3);
                walk(value, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), unknown, seen);
            }
        }
    }

    /** The apiVersion deploy/ writes must be one the model (and so the operator release) serves. */
    @Test
    void apiVersionIsServedByThisStrimzi() throws ReflectiveOperationException {
        DeployModel model = DeployDriftTest.load();
        for (List<Map<String, Object>> docs : model.k8s().values()) {
            for (Map<String, Object> doc : docs) {
                Class<?> type = MODELS.get(String.valueOf(doc.get("kind")));
                if (type != null) {
                    String version = String.valueOf(doc.get("apiVersion")).replace("kafka.strimzi.io/", "");
                    List<?> served = (List<?>) type.getField("VERSIONS").get(null);
                    assertTrue(served.contains(version), doc.get("kind") + " " + version + " not in " + served);
                }
            }
        }
    }

    @Test
    void strimziResourcesUseOnlyKnownProperties() {
        DeployModel model = DeployDriftTest.load();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (var rendering : model.k8s().entrySet()) {
            for (Map<String, Object> doc : rendering.getValue()) {
                if (MODELS.containsKey(String.valueOf(doc.get("kind")))) {
                    checked++;
                    String where = rendering.getKey() + " " + doc.get("kind") + "/" + Tree.text(doc, "metadata", "name");
                    unknownProperties(doc).forEach(p -> problems.add(where + ": unknown property " + p));
                }
            }
        }
        assertTrue(checked >= 16, "expected the Kafka, KafkaNodePool and KafkaTopics, found " + checked);
        assertTrue(problems.isEmpty(), () -> "Strimzi's model does not know:\n  " + String.join("\n  ", problems));
    }

    @Test
    void catchesAMisspeltProperty() {
        DeployModel model = DeployDriftTest.load();
        Map<String, Object> topic = model.k8s().values().iterator().next().stream()
                .filter(d -> "KafkaTopic".equals(d.get("kind"))).findFirst().orElseThrow();
        Tree.map(topic, "spec").put("partition", 3);
        assertEquals(List.of(".spec.partition"), unknownProperties(topic));
    }

    @Test
    void catchesAMisspeltNestedProperty() {
        DeployModel model = DeployDriftTest.load();
        Map<String, Object> pool = model.k8s().values().iterator().next().stream()
                .filter(d -> "KafkaNodePool".equals(d.get("kind"))).findFirst().orElseThrow();
        Tree.map(Tree.list(pool, "spec", "storage", "volumes").get(0)).put("deleteClaims", true);
        assertEquals(List.of(".spec.storage.volumes[0].deleteClaims"), unknownProperties(pool));
    }
}
