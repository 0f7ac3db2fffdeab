package dev.kinora.deploycheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Navigation in parsed YAML (maps, lists, scalars) without a cast at every step. */
final class Tree {

    private Tree() {}

    /** The value at {@code path} (map keys, or list indexes as Integer), or null when absent. */
    static Object at(Object node, Object... path) {
        Object cur = node;
        for (Object step : path) {
            if (cur instanceof Map<?, ?> map && step instanceof String key) {
                cur = map.get(key);
            } else if (cur instanceof List<?> list && step instanceof Integer i && i < list.size()) {
                cur = list.get(i);
            } else {
                return null;
            }
        }
        return cur;
    }

    static String text(Object node, Object... path) {
        Object v = at(node, path);
        return v == null ? null : v.toString();
    }

    static Integer integer(Object node, Object... path) {
        Object v = at(node, path);
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return v == null ? null : Integer.valueOf(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, Object... path) {
        return at(node, path) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, Object... path) {
        return at(node, path) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A deep, mutable copy of parsed YAML, so a test can change it without touching the original. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T node) {
        if (node instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, copy(v)));
            return (T) out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return node;
    }
}
