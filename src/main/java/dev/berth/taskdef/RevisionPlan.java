package dev.berth.taskdef;

import java.util.List;
import java.util.Map;

import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskDefinitionRevisionStatus;
import dev.berth.api.v1alpha1.TaskDefinitionStatus;
import dev.berth.events.BerthEvent;

/**
 * What the TaskDefinition reconciler does next: register at most one revision, set revision
 * statuses, delete revisions beyond the history limit, then patch the TaskDefinition status.
 */
public record RevisionPlan(
        TaskDefinitionRevision register,
        Map<String, TaskDefinitionRevisionStatus> revisionStatuses,
        List<String> deletions,
        TaskDefinitionStatus status,
        List<BerthEvent> events) {
}
