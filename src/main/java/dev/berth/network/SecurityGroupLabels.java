package dev.berth.network;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.berth.api.v1alpha1.Berth;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/**
 * The Pod labels that put a task under its security groups' NetworkPolicies (pure): {@code
 * securitygroup.berth.dev/<group name>: "true"} per group, and {@code berth.dev/security-groups: "true"} so the
 * SecurityGroup controller watches only such Pods.
 */
public final class SecurityGroupLabels {

    static final String MEMBER = "true";

    private SecurityGroupLabels() {
    }

    /** The label a group's NetworkPolicy selects. SecurityGroup names are at most 63 characters (CRD rule). */
    public static String key(String groupName) {
        return Berth.SECURITY_GROUP_LABEL_PREFIX + groupName;
    }

    /** {@code pod} with the labels of {@code groupNames}; the same Pod when there are none. */
    public static Pod withGroups(Pod pod, List<String> groupNames) {
        if (groupNames.isEmpty()) {
            return pod;
        }
        PodBuilder builder = new PodBuilder(pod).editMetadata().addToLabels(Berth.LABEL_SECURITY_GROUPS, MEMBER).endMetadata();
        for (String name : groupNames) {
            builder = builder.editMetadata().addToLabels(key(name), MEMBER).endMetadata();
        }
        return builder.build();
    }

    /** The names of the groups a Pod's labels put it in, sorted. */
    public static List<String> groupsOf(Map<String, String> labels) {
        TreeSet<String> names = new TreeSet<>();
        (labels == null ? Map.<String, String> of() : labels).forEach((k, v) -> {
            if (k.startsWith(Berth.SECURITY_GROUP_LABEL_PREFIX) && MEMBER.equals(v)) {
                names.add(k.substring(Berth.SECURITY_GROUP_LABEL_PREFIX.length()));
            }
        });
        return List.copyOf(names);
    }
}
