package dev.berth.status;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Deep copies of model values (through their JSON form), so a pure core never changes what it observed. */
public final class Copies {

    private Copies() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T deep(T value) {
        return value == null ? null : (T) Serialization.jsonMapper().convertValue(value, value.getClass());
    }
}
