package dev.kinora.events.tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/** The content of one safetensors payload: named tensors plus string metadata. */
public record TensorFile(Map<String, Tensor> tensors, Map<String, String> metadata) {

    public TensorFile {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new NoSuchElementException("payload has no tensor '" + name + "' (has " + tensors.keySet() + ")");
        }
        return t;
    }

    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new NoSuchElementException("payload metadata has no '" + key + "'");
        }
        return v;
    }
}
