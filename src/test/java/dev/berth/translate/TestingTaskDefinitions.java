package dev.berth.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskSpec;

/** Task definitions and inputs for unit tests, written as the ECS JSON a user would write. */
final class TestingTaskDefinitions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestingTaskDefinitions() {
    }

    static EcsTaskDefinition fromJson(String json) {
        try {
            return JSON.readValue(json, EcsTaskDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON", e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Task named "t1" in namespace "ns" running revision 4 of the definition's family. */
    static PodInput input(EcsTaskDefinition definition, TaskSpec task, Placement placement) {
        return new PodInput("t1", "ns", "uid-1", task, definition.family, 4, definition, placement);
    }

    static PodInput input(EcsTaskDefinition definition) {
        return input(definition, new TaskSpec(), Placement.NONE);
    }
}
