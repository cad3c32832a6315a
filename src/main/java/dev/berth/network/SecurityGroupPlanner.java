package dev.berth.network;

import java.util.List;
import java.util.Objects;

import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.api.v1alpha1.SecurityGroupStatus;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * A SecurityGroup's decision (pure): its NetworkPolicy ({@link NetworkPolicyRenderer}) when the one observed differs,
 * and its status: the policy's name, the tasks attached, what could not be applied, Ready. A Warning tells each new
 * problem once.
 */
public final class SecurityGroupPlanner {

    public static final String READY = "Ready";
    static final String APPLIED = "PolicyApplied";
    static final String RULES_NOT_APPLIED = "RulesNotApplied";
    static final String DUPLICATE_GROUP_ID = "DuplicateGroupId";

    private SecurityGroupPlanner() {
    }

    public static SecurityGroupDecision decide(SecurityGroupObservation in) {
        SecurityGroup group = in.group();
        NetworkPolicyRenderer.Rendered rendered = NetworkPolicyRenderer.render(group, in.groups());
        SecurityGroupStatus before = group.getStatus() == null ? new SecurityGroupStatus() : group.getStatus();
        SecurityGroupStatus status = new SecurityGroupStatus();
        status.observedGeneration = group.getMetadata().getGeneration();
        status.networkPolicyName = rendered.policy().getMetadata().getName();
        status.taskCount = in.tasks().size();
        status.tasks = in.tasks().isEmpty() ? null : List.copyOf(in.tasks());
        status.notApplied = rendered.notApplied().isEmpty() ? null : rendered.notApplied();
        String groupId = group.getSpec() == null ? null : group.getSpec().groupId;
        List<String> sharing = groupId == null ? List.of()
                : in.groups().declaring(groupId).stream().map(g -> g.getMetadata().getName()).sorted().toList();
        if (sharing.size() > 1) {
            status.conditions = Conditions.with(before.conditions, READY, false, DUPLICATE_GROUP_ID, "groupId " + groupId
                    + " is declared by SecurityGroups " + String.join(", ", sharing) + ": tasks naming it cannot start;"
                    + " give each group its own groupId", status.observedGeneration, in.now());
        } else if (!rendered.notApplied().isEmpty()) {
            status.conditions = Conditions.with(before.conditions, READY, false, RULES_NOT_APPLIED,
                    "not applied: " + String.join("; ", rendered.notApplied()), status.observedGeneration, in.now());
        } else {
            status.conditions = Conditions.with(before.conditions, READY, true, APPLIED, "NetworkPolicy "
                    + status.networkPolicyName + " holds the group's rules", status.observedGeneration, in.now());
        }
        Condition ready = Conditions.find(status.conditions, READY).orElseThrow();
        String previous = Conditions.find(before.conditions, READY).map(Condition::getMessage).orElse(null);
        List<BerthEvent> events = "False".equals(ready.getStatus()) && !ready.getMessage().equals(previous)
                ? List.of(BerthEvent.warning(ready.getReason(), ready.getMessage()))
                : List.of();
        NetworkPolicy desired = rendered.policy();
        boolean create = in.policy() == null;
        boolean differs = create || !same(desired, in.policy());
        return new SecurityGroupDecision(status, differs ? desired : null, create, events);
    }

    /** Compared as the API server returns them: empty lists and absent fields are the same. */
    private static boolean same(NetworkPolicy desired, NetworkPolicy existing) {
        return Serialization.asJson(desired.getSpec()).equals(Serialization.asJson(existing.getSpec()))
                && Objects.equals(desired.getMetadata().getLabels(), existing.getMetadata().getLabels());
    }
}
