package dev.berth.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The autoscaler watches what the controllers watch (quarkus.operator-sdk.namespaces). */
class AutoscalerNamespacesTest {

    @Test
    void everyNamespaceUnlessNamed() {
        assertThat(Autoscaler.namespaces(List.of(), "berth")).containsExactly(Autoscaler.ANY);
        assertThat(Autoscaler.namespaces(List.of("QOSDK_USE_BUILDTIME_NAMESPACES"), "berth")).containsExactly(Autoscaler.ANY);
        assertThat(Autoscaler.namespaces(List.of("JOSDK_ALL_NAMESPACES"), "berth")).containsExactly(Autoscaler.ANY);
        assertThat(Autoscaler.namespaces(List.of("team-a", " team-b"), "berth")).containsExactly("team-a", "team-b");
        assertThat(Autoscaler.namespaces(List.of("JOSDK_WATCH_CURRENT"), "berth")).containsExactly("berth");
    }
}
