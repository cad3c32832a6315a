package dev.berth.taskdef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskDefinitionRevisionSpec;
import dev.berth.api.v1alpha1.TaskDefinitionRevisionStatus;
import dev.berth.api.v1alpha1.TaskDefinitionStatus;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * Decides a TaskDefinition's revisions from what exists (pure). A revision is registered when
 * the effective ECS document differs from the latest revision's; listed revisions are
 * deregistered (INACTIVE is final, as in ECS); revisions beyond the history limit are deleted
 * unless a Task uses them. The latest revision is always kept.
 */
public final class RevisionPlanner {

    public static final int DEFAULT_HISTORY_LIMIT = 10;
    public static final String FAMILY_NAME_MISMATCH = "FamilyNameMismatch";

    private RevisionPlanner() {
    }

    public static RevisionPlan plan(TaskDefinition td, List<TaskDefinitionRevision> existing, Set<Integer> inUse,
            Instant now) {
        if (!td.namedAfterFamily()) {
            return misnamed(td, now);
        }
        Snapshot snapshot = Snapshot.of(td);
        String family = td.family();
        List<TaskDefinitionRevision> revisions = new ArrayList<>(existing);
        revisions.sort(Comparator.comparing((TaskDefinitionRevision r) -> r.getSpec().revision).reversed());
        TaskDefinitionRevision latest = revisions.isEmpty() ? null : revisions.get(0);
        TaskDefinitionStatus previous = td.getStatus() == null ? new TaskDefinitionStatus() : td.getStatus();
        List<BerthEvent> events = new ArrayList<>();

        TaskDefinitionRevision register = null;
        if (latest == null || !snapshot.hash().equals(latest.getMetadata().getLabels().get(Berth.LABEL_SPEC_HASH))) {
            int highest = Math.max(latest == null ? 0 : latest.getSpec().revision,
                    previous.latestRevision == null ? 0 : previous.latestRevision);
            register = newRevision(td, snapshot, highest + 1);
            revisions.add(0, register);
            events.add(BerthEvent.normal("RevisionRegistered", "Registered task definition " + family + ":" + (highest + 1)));
        }

        Set<Integer> deregister = td.getSpec().deregisteredRevisions == null ? Set.of()
                : Set.copyOf(td.getSpec().deregisteredRevisions);
        Map<String, TaskDefinitionRevisionStatus> statuses = new LinkedHashMap<>();
        for (TaskDefinitionRevision r : revisions) {
            if (r == register) {
                continue;
            }
            TaskDefinitionRevisionStatus current = r.getStatus();
            TaskDefinitionRevisionStatus wanted = wantedStatus(r, current, deregister.contains(r.getSpec().revision), now);
            if (!sameStatus(current, wanted)) {
                statuses.put(r.getMetadata().getName(), wanted);
                if (TaskDefinitionRevisionStatus.INACTIVE.equals(wanted.status)) {
                    events.add(BerthEvent.normal("RevisionDeregistered", "Deregistered task definition " + r.familyRevision()));
                }
            }
        }

        int limit = td.getSpec().revisionHistoryLimit == null ? DEFAULT_HISTORY_LIMIT : td.getSpec().revisionHistoryLimit;
        List<String> deletions = new ArrayList<>();
        for (int i = Math.max(1, limit); i < revisions.size(); i++) {
            TaskDefinitionRevision r = revisions.get(i);
            if (!inUse.contains(r.getSpec().revision)) {
                deletions.add(r.getMetadata().getName());
                events.add(BerthEvent.normal("RevisionDeleted",
                        "Deleted task definition " + r.familyRevision() + " (revisionHistoryLimit " + limit + ")"));
            }
        }

        TaskDefinitionStatus status = status(td, snapshot, revisions, deletions, deregister, previous, now);
        UnsupportedFields.newlyReported(previous.conditions, status.conditions).ifPresent(events::add);
        return new RevisionPlan(register, statuses, deletions, status, events);
    }

    /**
     * Tasks find a family by its Kubernetes name, so a TaskDefinition named otherwise could never run: register nothing
     * and say which name it needs. The API server checks what CEL can; only the hash is left for here.
     */
    private static RevisionPlan misnamed(TaskDefinition td, Instant now) {
        TaskDefinitionStatus previous = td.getStatus() == null ? new TaskDefinitionStatus() : td.getStatus();
        TaskDefinitionStatus status = new TaskDefinitionStatus();
        status.observedGeneration = td.getMetadata().getGeneration();
        status.family = td.family();
        status.latestRevision = previous.latestRevision;
        status.activeRevisions = previous.activeRevisions;
        String message = "family " + td.family() + " needs metadata.name " + EcsNames.kubernetesName(td.family())
                + " (its Kubernetes name), not " + td.getMetadata().getName() + "; no revision is registered";
        status.conditions = Conditions.with(previous.conditions, "Ready", false, FAMILY_NAME_MISMATCH, message,
                status.observedGeneration, now);
        boolean told = Conditions.find(previous.conditions, "Ready").map(c -> message.equals(c.getMessage())).orElse(false);
        List<BerthEvent> events = told ? List.of() : List.of(BerthEvent.warning(FAMILY_NAME_MISMATCH, message));
        return new RevisionPlan(null, Map.of(), List.of(), status, events);
    }

    private static TaskDefinitionRevision newRevision(TaskDefinition td, Snapshot snapshot, int number) {
        TaskDefinitionRevision r = new TaskDefinitionRevision();
        r.setMetadata(new ObjectMetaBuilder()
                .withName(TaskDefinitionRevision.name(td.family(), number))
                .withNamespace(td.getMetadata().getNamespace())
                .addToLabels(Berth.LABEL_FAMILY, EcsNames.kubernetesName(td.family()))
                .addToLabels(Berth.LABEL_REVISION, String.valueOf(number))
                .addToLabels(Berth.LABEL_SPEC_HASH, snapshot.hash())
                .addToLabels(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Berth.API_VERSION)
                        .withKind("TaskDefinition").withName(td.getMetadata().getName())
                        .withUid(td.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build())
                .build());
        TaskDefinitionRevisionSpec spec = new TaskDefinitionRevisionSpec();
        spec.family = td.family();
        spec.revision = number;
        spec.taskDefinition = snapshot.taskDefinition();
        r.setSpec(spec);
        return r;
    }

    private static TaskDefinitionRevisionStatus wantedStatus(TaskDefinitionRevision r, TaskDefinitionRevisionStatus current,
            boolean deregistered, Instant now) {
        String registeredAt = current != null && current.registeredAt != null ? current.registeredAt
                : r.getMetadata().getCreationTimestamp();
        boolean inactive = deregistered || current != null && TaskDefinitionRevisionStatus.INACTIVE.equals(current.status);
        if (!inactive) {
            return new TaskDefinitionRevisionStatus(TaskDefinitionRevisionStatus.ACTIVE, registeredAt, null);
        }
        String since = current != null && current.deregisteredAt != null ? current.deregisteredAt : now.toString();
        return new TaskDefinitionRevisionStatus(TaskDefinitionRevisionStatus.INACTIVE, registeredAt, since);
    }

    private static boolean sameStatus(TaskDefinitionRevisionStatus a, TaskDefinitionRevisionStatus b) {
        return a != null && Objects.equals(a.status, b.status) && Objects.equals(a.registeredAt, b.registeredAt)
                && Objects.equals(a.deregisteredAt, b.deregisteredAt);
    }

    private static TaskDefinitionStatus status(TaskDefinition td, Snapshot snapshot, List<TaskDefinitionRevision> revisions,
            List<String> deletions, Set<Integer> deregister, TaskDefinitionStatus previous, Instant now) {
        TaskDefinitionStatus status = new TaskDefinitionStatus();
        Long generation = td.getMetadata().getGeneration();
        status.observedGeneration = generation;
        status.family = td.family();
        status.latestRevision = revisions.get(0).getSpec().revision;
        status.activeRevisions = revisions.stream()
                .filter(r -> !deletions.contains(r.getMetadata().getName()))
                .filter(r -> r.isActive() && !deregister.contains(r.getSpec().revision))
                .map(r -> r.getSpec().revision).sorted().toList();
        status.cpu = ReportedSize.cpu(snapshot.taskDefinition()).orElse(null);
        status.memory = ReportedSize.memory(snapshot.taskDefinition()).orElse(null);
        List<String> unsupported = UnsupportedFields.of(td.getSpec());
        status.unsupportedFields = unsupported.isEmpty() ? null : unsupported;
        String latest = td.family() + ":" + status.latestRevision;
        var conditions = Conditions.with(previous.conditions, "Ready", true, "Registered",
                latest + " is the latest revision", generation, now);
        status.conditions = UnsupportedFields.reported(conditions, unsupported, generation, now);
        return status;
    }
}
