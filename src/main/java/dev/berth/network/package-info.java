/**
 * EC2 security groups as NetworkPolicies. A {@link dev.berth.api.v1alpha1.SecurityGroup} becomes one NetworkPolicy
 * ({@link NetworkPolicyRenderer}, pure) selecting the Pods labelled {@code securitygroup.berth.dev/<name>}; the Task
 * controller puts that label on the Pod of every task naming the group ({@link TaskSecurityGroups}), so the policy
 * covers a task from its Pod's first moment and NetworkPolicies being additive gives EC2's union of several groups.
 * {@link SecurityGroupReconciler}: observe (the group, the namespace's groups, the labelled Pods, the policy) → decide
 * ({@link SecurityGroupPlanner}, pure) → write status once → apply the policy.
 */
package dev.berth.network;
