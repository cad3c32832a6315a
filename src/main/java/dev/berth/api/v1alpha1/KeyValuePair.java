package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyValuePair {
    @Required
    @Size(min = 1)
    @JsonPropertyDescription("Name of the environment variable (not empty: the Pod would be refused).")
    public String name;

    @JsonPropertyDescription("Value of the environment variable.")
    public String value;

    public KeyValuePair() {
    }

    public KeyValuePair(String name, String value) {
        this.name = name;
        this.value = value;
    }
}
