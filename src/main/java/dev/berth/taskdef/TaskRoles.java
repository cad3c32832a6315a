package dev.berth.taskdef;

import java.util.Optional;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.translate.RoleNames;
import dev.berth.translate.UnrunnableTask;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/**
 * The ServiceAccount a task role becomes, for IAM Roles for Service Accounts (EKS): named as the task Pod's
 * serviceAccountName ({@link RoleNames}), annotated {@value #ROLE_ARN_ANNOTATION} with the role's ARN, so that EKS's
 * webhook gives the task's containers that role's credentials, as ECS does. The IAM role's trust policy must allow the
 * cluster's OIDC provider and this ServiceAccount (namespace and name); that stays on the AWS side.
 */
public final class TaskRoles {

    public static final String ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
    private static final String IAM_ROLE_ARN = "^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$";

    private TaskRoles() {
    }

    /**
     * The ServiceAccount to create when it is missing: empty without a task role, or when the role is no IAM role ARN
     * (a plain name names a ServiceAccount the user manages), or when it cannot name one (reported at task start).
     */
    public static Optional<ServiceAccount> serviceAccount(EcsTaskDefinition definition, String namespace) {
        if (definition.taskRoleArn == null || !definition.taskRoleArn.trim().matches(IAM_ROLE_ARN)) {
            return Optional.empty();
        }
        String name;
        try {
            name = RoleNames.fromArn(definition.taskRoleArn);
        } catch (UnrunnableTask e) {
            return Optional.empty();
        }
        return Optional.of(new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY)
                .addToAnnotations(ROLE_ARN_ANNOTATION, definition.taskRoleArn.trim())
                .endMetadata()
                .build());
    }
}
