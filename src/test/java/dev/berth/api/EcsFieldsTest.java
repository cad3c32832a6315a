package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;

class EcsFieldsTest {

    @Test
    void unmodeledEcsFieldsRoundTrip() {
        String json = """
                {"family":"web","ipcMode":"host","containerDefinitions":[{"name":"web","image":"nginx",
                 "logConfiguration":{"logDriver":"awslogs"},"portMappings":[{"containerPort":80,"containerPortRange":"80-81"}]}]}""";

        String written = Serialization.asJson(Serialization.unmarshal(json, EcsTaskDefinition.class));

        assertThat(written).contains("\"ipcMode\":\"host\"").contains("\"logConfiguration\":{\"logDriver\":\"awslogs\"}")
                .contains("\"containerPortRange\":\"80-81\"").doesNotContain("unmodeled");
    }
}
