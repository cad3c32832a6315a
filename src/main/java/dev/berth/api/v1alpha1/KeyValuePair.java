package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyValuePair {
    @Required
    @JsonPropertyDescription("Name of the environment variable.")
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
