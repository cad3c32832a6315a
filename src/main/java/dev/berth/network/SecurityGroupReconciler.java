package dev.berth.network;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.events.EventRecorder;
import dev.berth.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Keeps each SecurityGroup's NetworkPolicy: observe (the group, its namespace's groups, the Pods carrying it, its
 * policy, all from caches) → decide ({@link SecurityGroupPlanner}, pure) → write the status once → create or update
 * the policy. Woken by its Pods (tasks come and go), its policy (edited or deleted by hand) and the other groups of
 * its namespace (a source group appears, a groupId is declared twice); never polls.
 */
@ControllerConfiguration(name = "securitygroup")
public class SecurityGroupReconciler implements Reconciler<SecurityGroup> {

    private static final int CONFLICT = 409;

    private final EventRecorder events;
    private final Clock clock;

    public SecurityGroupReconciler(EventRecorder events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, SecurityGroup>> prepareEventSources(EventSourceContext<SecurityGroup> context) {
        IndexerResourceCache<SecurityGroup> groups = context.getPrimaryCache();
        var pods = InformerEventSourceConfiguration.from(Pod.class, SecurityGroup.class)
                .withLabelSelector(Berth.LABEL_SECURITY_GROUPS)
                .withSecondaryToPrimaryMapper(p -> SecurityGroupLabels.groupsOf(p.getMetadata().getLabels()).stream()
                        .map(name -> new ResourceID(name, p.getMetadata().getNamespace())).collect(Collectors.toSet()))
                .build();
        var policies = InformerEventSourceConfiguration.from(NetworkPolicy.class, SecurityGroup.class)
                .withLabelSelector(Berth.LABEL_SECURITY_GROUP)
                .withSecondaryToPrimaryMapper(p -> Set.of(new ResourceID(
                        p.getMetadata().getLabels().get(Berth.LABEL_SECURITY_GROUP), p.getMetadata().getNamespace())))
                .build();
        // a group appearing, changing or going wakes the others of its namespace: they may name it as a source
        var neighbours = InformerEventSourceConfiguration.from(SecurityGroup.class, SecurityGroup.class)
                .withName("neighbours")
                .withSecondaryToPrimaryMapper(g -> groups.list(g.getMetadata().getNamespace())
                        .filter(other -> !other.getMetadata().getName().equals(g.getMetadata().getName()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        return List.of(new InformerEventSource<>(pods, context), new InformerEventSource<>(policies, context),
                new InformerEventSource<>(neighbours, context));
    }

    @Override
    public UpdateControl<SecurityGroup> reconcile(SecurityGroup group, Context<SecurityGroup> context) {
        SecurityGroupDecision decision = SecurityGroupPlanner.decide(observe(group, context));
        SecurityGroup written = StatusWriter.write(group, decision.status(), context);
        events.record(written, decision.events());
        if (decision.apply() != null) {
            apply(context, decision);
        }
        return UpdateControl.noUpdate();
    }

    private SecurityGroupObservation observe(SecurityGroup group, Context<SecurityGroup> context) {
        String namespace = group.getMetadata().getNamespace();
        String name = group.getMetadata().getName();
        List<String> tasks = context.getSecondaryResourcesAsStream(Pod.class)
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null
                        && SecurityGroupLabels.groupsOf(p.getMetadata().getLabels()).contains(name))
                .map(p -> p.getMetadata().getLabels().getOrDefault(Berth.LABEL_TASK, p.getMetadata().getName()))
                .sorted().distinct().toList();
        NetworkPolicy policy = context.getSecondaryResourcesAsStream(NetworkPolicy.class)
                .filter(p -> p.getMetadata().getName().equals(NetworkPolicyRenderer.policyName(group))).findFirst()
                .orElse(null);
        return new SecurityGroupObservation(group,
                SecurityGroupDirectory.of(context.getPrimaryCache().list(namespace).toList()),
                tasks, policy, clock.instant());
    }

    /** A policy created meanwhile (AlreadyExists) or deleted meanwhile is the next observation's to judge. */
    private static void apply(Context<SecurityGroup> context, SecurityGroupDecision decision) {
        NetworkPolicy desired = decision.apply();
        var policies = context.getClient().network().v1().networkPolicies().inNamespace(desired.getMetadata().getNamespace());
        try {
            if (decision.create()) {
                policies.resource(desired).create();
                return;
            }
            policies.withName(desired.getMetadata().getName()).edit(p -> {
                p.getMetadata().setLabels(desired.getMetadata().getLabels());
                p.setSpec(desired.getSpec());
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT && e.getCode() != 404) {
                throw e;
            }
        }
    }
}
