package dev.berth.service;

/**
 * A write the Service reconciler performs for one decision. What the status names is created before the single status
 * write (the Kubernetes Service, then the Tasks, whose API-server names the status's ECS event lists); stops and
 * deletes come after it. Every action is idempotent: the next reconcile repairs one that failed half-way.
 */
public sealed interface ServiceAction permits TaskLaunch, TaskStop, ServiceAction.ApplyKubernetesService,
        ServiceAction.DeleteKubernetesService {

    /**
     * Create the Kubernetes Service of the load balancers ({@code create}), or set its ports, type and selector to
     * {@code desired}'s.
     */
    record ApplyKubernetesService(io.fabric8.kubernetes.api.model.Service desired, boolean create) implements ServiceAction {
    }

    /** Delete the Kubernetes Service {@code name} this service owns: it no longer has load balancers. */
    record DeleteKubernetesService(String name) implements ServiceAction {
    }
}
