package dev.berth.network;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.SecurityGroup;

/**
 * The SecurityGroups of one namespace, found as ECS inputs name them (pure): by the group's name, else by the groupId
 * it declares. An id two groups declare finds neither: which one was meant cannot be guessed.
 */
public final class SecurityGroupDirectory {

    private final List<SecurityGroup> groups;

    private SecurityGroupDirectory(List<SecurityGroup> groups) {
        this.groups = groups;
    }

    public static SecurityGroupDirectory of(Collection<SecurityGroup> groups) {
        return new SecurityGroupDirectory(List.copyOf(groups));
    }

    /** The group a reference names, or why there is none (ECS wording, the reference quoted). */
    public Resolution resolve(String reference) {
        Optional<SecurityGroup> byName = groups.stream().filter(g -> g.getMetadata().getName().equals(reference)).findFirst();
        if (byName.isPresent()) {
            return new Resolution(byName, null);
        }
        List<SecurityGroup> byId = declaring(reference);
        if (byId.size() == 1) {
            return new Resolution(Optional.of(byId.get(0)), null);
        }
        return new Resolution(Optional.empty(), byId.isEmpty()
                ? "The security group '" + reference + "' does not exist: no SecurityGroup in this namespace has that name"
                        + " or declares that groupId"
                : "The security group '" + reference + "' is ambiguous: SecurityGroups "
                        + String.join(", ", byId.stream().map(g -> g.getMetadata().getName()).sorted().toList())
                        + " all declare that groupId");
    }

    /** The groups declaring {@code groupId}. */
    public List<SecurityGroup> declaring(String groupId) {
        return groups.stream().filter(g -> g.getSpec() != null && groupId.equals(g.getSpec().groupId)).toList();
    }

    /**
     * @param group the group found
     * @param problem why none was, when {@code group} is empty
     */
    public record Resolution(Optional<SecurityGroup> group, String problem) {
    }
}
