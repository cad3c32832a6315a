package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.Pod;

/** A Cluster's own capacity provider places tasks with its node selector; one nothing can satisfy fails to start. */
class CapacityProviderIT extends EndToEnd {

    @Test
    void aTaskRunsOnTheNodesOfItsCapacityProvider() {
        apply("deploy/examples/nginx-taskdefinition.yaml");
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Cluster
                metadata: {name: mixed}
                spec:
                  capacityProviders:
                    - name: graviton
                      nodeSelector: {kubernetes.io/arch: arm64}
                    - name: gpu
                      nodeSelector: {accelerator: h100}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: on-arm}
                spec:
                  cluster: mixed
                  taskDefinition: my-task
                  capacityProviderStrategy: [{capacityProvider: graviton, weight: 1}]
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: nowhere}
                spec:
                  cluster: mixed
                  taskDefinition: my-task
                  capacityProviderStrategy: [{capacityProvider: gpu, base: 1}]
                """);

        TaskStatus onArm = awaitLastStatus("on-arm", LastStatus.RUNNING);
        Pod pod = client.pods().inNamespace(ns).withName("on-arm").get();
        TaskStatus nowhere = awaitLastStatus("nowhere", LastStatus.STOPPED);

        assertThat(onArm.capacityProviderName).isEqualTo("graviton");
        assertThat(onArm.cluster).isEqualTo("mixed");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("berth-worker-arm64-1");
        assertThat(nowhere.stopCode).isEqualTo("TaskFailedToStart");
        assertThat(nowhere.stoppedReason).startsWith("ResourceInitializationError: unable to place the task: ")
                .contains("didn't match Pod's node affinity/selector");
    }
}
