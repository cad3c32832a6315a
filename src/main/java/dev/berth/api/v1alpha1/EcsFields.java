package dev.berth.api.v1alpha1;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Base of every object that mirrors an ECS document. ECS fields Berth does not model are kept
 * here (the CRD preserves unknown fields) so they round-trip and can be reported, never dropped.
 */
public abstract class EcsFields {

    @JsonIgnore
    private final Map<String, Object> extra = new LinkedHashMap<>();

    @JsonAnyGetter
    @JsonIgnore
    public Map<String, Object> unmodeledFields() {
        return extra;
    }

    @JsonAnySetter
    public void putUnmodeledField(String name, Object value) {
        extra.put(name, value);
    }
}
