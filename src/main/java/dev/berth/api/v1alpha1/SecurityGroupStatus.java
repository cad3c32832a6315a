package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

/** What a SecurityGroup became: its NetworkPolicy, the tasks it covers, the rules or fields it could not apply. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecurityGroupStatus {

    @JsonPropertyDescription("The generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("The NetworkPolicy holding the group's rules (owned by the group, deleted with it).")
    public String networkPolicyName;

    @JsonPropertyDescription("How many running tasks carry the group.")
    public Integer taskCount;

    @JsonPropertyDescription("The running tasks that carry the group (their Pods have the label"
            + " securitygroup.berth.dev/<group name>), sorted by name.")
    public List<String> tasks;

    @JsonPropertyDescription("Rules or fields that have no NetworkPolicy counterpart and are not applied, each with the"
            + " reason (e.g. icmp rules, unresolved source groups).")
    public List<String> notApplied;

    @JsonPropertyDescription("Ready: the NetworkPolicy holds every rule. False with reason RulesNotApplied when some"
            + " rule could not be applied (listed in notApplied), or DuplicateGroupId when another group declares the"
            + " same groupId.")
    public List<Condition> conditions;
}
