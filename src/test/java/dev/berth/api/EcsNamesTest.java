package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EcsNamesTest {

    @Test
    void aDnsLabelIsItsOwnKubernetesName() {
        for (String name : List.of("web", "nginx-task", "a", "x1-2-3")) {
            assertThat(EcsNames.kubernetesName(name)).isEqualTo(name);
        }
    }

    @Test
    void otherEcsNamesAreLowerCasedWithAHashOfTheOriginal() {
        assertThat(EcsNames.kubernetesName("log_router")).matches("log-router-[0-9a-f]{8}");
        assertThat(EcsNames.kubernetesName("ECS-Cluster")).matches("ecs-cluster-[0-9a-f]{8}");
        assertThat(EcsNames.kubernetesName("_x_")).matches("x-[0-9a-f]{8}");
        assertThat(EcsNames.kubernetesName("___")).matches("x[0-9a-f]{8}");
    }

    @Test
    void theMappingIsDeterministicAndKeepsNamesApart() {
        List<String> names = List.of("web_app", "Web_App", "web-app", "WEB-APP", "web__app", "webApp", "webapp",
                "consulServer", "Presto", "presto", "container_1", "container-1", "aws-otel-EC2", "-", "_", "a".repeat(255),
                "a".repeat(254) + "B");
        Set<String> kubernetesNames = new HashSet<>();
        for (String name : names) {
            String mapped = EcsNames.kubernetesName(name);
            assertThat(EcsNames.isEcsName(name)).isTrue();
            assertThat(EcsNames.isKubernetesName(mapped)).as(mapped).isTrue();
            assertThat(mapped).hasSizeLessThanOrEqualTo(EcsNames.MAX_LENGTH);
            assertThat(EcsNames.kubernetesName(name)).isEqualTo(mapped);
            kubernetesNames.add(mapped);
        }
        assertThat(kubernetesNames).hasSameSizeAs(names);
    }

    @Test
    void ecsNamesAreUpTo255LettersDigitsHyphensAndUnderscores() {
        assertThat(EcsNames.isEcsName("log_router")).isTrue();
        assertThat(EcsNames.isEcsName("a".repeat(256))).isFalse();
        assertThat(EcsNames.isEcsName("web.app")).isFalse();
        assertThat(EcsNames.isEcsName("")).isFalse();
        assertThat(EcsNames.isEcsName(null)).isFalse();
    }
}
