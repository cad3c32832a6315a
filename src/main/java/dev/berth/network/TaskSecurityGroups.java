package dev.berth.network;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.NetworkConfiguration;
import dev.berth.api.v1alpha1.TaskSpec;

/** The security groups a task names, resolved against its namespace's groups before its Pod is made (pure). */
public final class TaskSecurityGroups {

    private TaskSecurityGroups() {
    }

    /** What {@code networkConfiguration.awsvpcConfiguration.securityGroups} names, duplicates removed, in order. */
    public static List<String> references(TaskSpec spec) {
        NetworkConfiguration network = spec.networkConfiguration;
        if (network == null || network.awsvpcConfiguration == null || network.awsvpcConfiguration.securityGroups == null) {
            return List.of();
        }
        return List.copyOf(new LinkedHashSet<>(network.awsvpcConfiguration.securityGroups));
    }

    /**
     * The names of the groups {@code spec} names, or why one cannot be found, in ECS's RunTask wording
     * (InvalidParameterException naming the group).
     */
    public static Resolved resolve(TaskSpec spec, SecurityGroupDirectory groups) {
        List<String> names = new ArrayList<>();
        for (String reference : references(spec)) {
            SecurityGroupDirectory.Resolution found = groups.resolve(reference);
            if (found.group().isEmpty()) {
                return new Resolved(List.of(), Optional.of("InvalidParameterException: Error retrieving security group"
                        + " information for [" + reference + "]: " + found.problem()
                        + " (networkConfiguration.awsvpcConfiguration.securityGroups)"));
            }
            names.add(found.group().get().getMetadata().getName());
        }
        return new Resolved(List.copyOf(new LinkedHashSet<>(names)), Optional.empty());
    }

    /**
     * @param groupNames the SecurityGroups' names, for the Pod's labels
     * @param problem why the task cannot start, when a group is missing
     */
    public record Resolved(List<String> groupNames, Optional<String> problem) {
    }
}
