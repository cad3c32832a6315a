package dev.berth.translate;

import static dev.berth.translate.TestingTaskDefinitions.fromJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.ContainerDefinition;

class StartupOrderTest {

    private static StartupOrder plan(String containersJson) {
        return StartupOrder
                .of(fromJson("{\"family\": \"f\", \"containerDefinitions\": " + containersJson + "}").containerDefinitions);
    }

    private static List<String> names(List<ContainerDefinition> containers) {
        return containers.stream().map(c -> c.name).toList();
    }

    @Test
    void withoutDependsOnEverythingIsARegularContainer() {
        StartupOrder order = plan("""
                [{"name": "a", "image": "i"}, {"name": "b", "image": "i"}]
                """);

        assertThat(order.initContainers()).isEmpty();
        assertThat(names(order.appContainers())).containsExactly("a", "b");
        assertThat(order.roleOf("a")).isEqualTo(ContainerRole.APP);
    }

    @Test
    void mapsEachConditionToItsRole() {
        StartupOrder order = plan("""
                [{"name": "app", "image": "i", "dependsOn": [
                    {"containerName": "started", "condition": "START"},
                    {"containerName": "healthy", "condition": "HEALTHY"},
                    {"containerName": "succeeded", "condition": "SUCCESS"},
                    {"containerName": "completed", "condition": "COMPLETE"}]},
                 {"name": "started", "image": "i"},
                 {"name": "healthy", "image": "i", "healthCheck": {"command": ["CMD", "true"]}},
                 {"name": "succeeded", "image": "i", "essential": false},
                 {"name": "completed", "image": "i", "essential": false}]
                """);

        assertThat(order.roleOf("app")).isEqualTo(ContainerRole.APP);
        assertThat(order.roleOf("started")).isEqualTo(ContainerRole.SIDECAR);
        assertThat(order.roleOf("healthy")).isEqualTo(ContainerRole.HEALTHY_SIDECAR);
        assertThat(order.roleOf("succeeded")).isEqualTo(ContainerRole.INIT);
        assertThat(order.roleOf("completed")).isEqualTo(ContainerRole.INIT);
        assertThat(names(order.initContainers())).containsExactly("started", "healthy", "succeeded", "completed");
        assertThat(names(order.appContainers())).containsExactly("app");
    }

    @Test
    void theStrongerRequirementWins() {
        StartupOrder order = plan("""
                [{"name": "a", "image": "i", "dependsOn": [{"containerName": "dep", "condition": "START"}]},
                 {"name": "b", "image": "i", "dependsOn": [{"containerName": "dep", "condition": "SUCCESS"}]},
                 {"name": "c", "image": "i", "dependsOn": [{"containerName": "proxy", "condition": "HEALTHY"}]},
                 {"name": "d", "image": "i", "dependsOn": [{"containerName": "proxy", "condition": "START"}]},
                 {"name": "dep", "image": "i", "essential": false},
                 {"name": "proxy", "image": "i", "healthCheck": {"command": ["CMD", "true"]}}]
                """);

        assertThat(order.roleOf("dep")).isEqualTo(ContainerRole.INIT);
        assertThat(order.roleOf("proxy")).isEqualTo(ContainerRole.HEALTHY_SIDECAR);
    }

    @Test
    void ordersInitContainersAfterTheirOwnDependencies() {
        StartupOrder order = plan("""
                [{"name": "app", "image": "i", "dependsOn": [
                    {"containerName": "migrate", "condition": "SUCCESS"},
                    {"containerName": "proxy", "condition": "HEALTHY"},
                    {"containerName": "logs", "condition": "START"}]},
                 {"name": "migrate", "image": "i", "essential": false,
                  "dependsOn": [{"containerName": "proxy", "condition": "HEALTHY"}]},
                 {"name": "proxy", "image": "i", "healthCheck": {"command": ["CMD", "true"]},
                  "dependsOn": [{"containerName": "logs", "condition": "START"}]},
                 {"name": "logs", "image": "i"},
                 {"name": "independent", "image": "i", "essential": false},
                 {"name": "cache-warm", "image": "i", "essential": false}]
                """);

        assertThat(names(order.initContainers())).containsExactly("logs", "proxy", "migrate");
        assertThat(names(order.appContainers())).containsExactly("app", "independent", "cache-warm");
    }

    @Test
    void keepsTaskDefinitionOrderAmongIndependentInitContainers() {
        StartupOrder order = plan("""
                [{"name": "app", "image": "i", "dependsOn": [
                    {"containerName": "z", "condition": "START"},
                    {"containerName": "m", "condition": "SUCCESS"},
                    {"containerName": "a", "condition": "START"}]},
                 {"name": "z", "image": "i"}, {"name": "m", "image": "i", "essential": false}, {"name": "a", "image": "i"}]
                """);

        assertThat(names(order.initContainers())).containsExactly("z", "m", "a");
    }

    @Test
    void rejectsATwoContainerCycle() {
        assertThatThrownBy(() -> plan("""
                [{"name": "a", "image": "i", "dependsOn": [{"containerName": "b", "condition": "START"}]},
                 {"name": "b", "image": "i", "dependsOn": [{"containerName": "a", "condition": "SUCCESS"}]}]
                """))
                .isInstanceOf(UnrunnableTask.class)
                .hasMessage("dependsOn cycle: a -> b -> a");
    }

    @Test
    void reportsOnlyTheContainersOnTheCycle() {
        assertThatThrownBy(() -> plan("""
                [{"name": "app", "image": "i", "dependsOn": [{"containerName": "x", "condition": "START"}]},
                 {"name": "x", "image": "i", "dependsOn": [{"containerName": "y", "condition": "START"}]},
                 {"name": "y", "image": "i", "dependsOn": [{"containerName": "z", "condition": "START"}]},
                 {"name": "z", "image": "i", "dependsOn": [{"containerName": "x", "condition": "START"}]}]
                """))
                .isInstanceOf(UnrunnableTask.class)
                .hasMessage("dependsOn cycle: x -> y -> z -> x");
    }

    @Test
    void rejectsDependenciesOnUnknownContainersAndOnItself() {
        assertThatThrownBy(() -> plan("""
                [{"name": "a", "image": "i", "dependsOn": [{"containerName": "ghost", "condition": "START"}]}]
                """))
                .isInstanceOf(UnrunnableTask.class)
                .hasMessageContaining("'a' depends on 'ghost'");
        assertThatThrownBy(() -> plan("""
                [{"name": "a", "image": "i", "dependsOn": [{"containerName": "a", "condition": "START"}]}]
                """))
                .isInstanceOf(UnrunnableTask.class)
                .hasMessageContaining("'a' depends on 'a'");
    }

    @Test
    void rejectsHealthyOnAContainerWithoutHealthCheck() {
        assertThatThrownBy(() -> plan("""
                [{"name": "a", "image": "i", "dependsOn": [{"containerName": "b", "condition": "HEALTHY"}]},
                 {"name": "b", "image": "i"}]
                """))
                .isInstanceOf(UnrunnableTask.class)
                .hasMessage("container 'a' waits for 'b' to be HEALTHY, but 'b' has no healthCheck");
    }
}
