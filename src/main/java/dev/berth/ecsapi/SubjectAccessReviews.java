package dev.berth.ecsapi;

import java.util.List;

import dev.berth.api.v1alpha1.Berth;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Authorises each call with a SubjectAccessReview for the key's ServiceAccount: the cluster's own authorizer (RBAC,
 * or whatever the cluster runs) decides, with the same Roles and RoleBindings that govern kubectl. So a key bound to
 * an account with the built-in {@code view} role can describe but not run, and revoking the binding revokes the key.
 */
public final class SubjectAccessReviews implements Authorizer {

    private final KubernetesClient client;

    public SubjectAccessReviews(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void authorize(AccessKey key, String operation, Permission permission) {
        String user = "system:serviceaccount:" + key.namespace() + ":" + key.serviceAccount();
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(user)
                .withGroups(List.of("system:serviceaccounts", "system:serviceaccounts:" + key.namespace(),
                        "system:authenticated"))
                .withNewResourceAttributes().withNamespace(key.namespace()).withGroup(Berth.GROUP)
                .withResource(permission.resource()).withVerb(permission.verb()).endResourceAttributes()
                .endSpec().build();
        SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
        if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
            throw new EcsApiException(EcsError.ACCESS_DENIED, "User: " + user + " is not authorized to perform: ecs:"
                    + operation + " (Kubernetes: " + permission.verb() + " " + permission.resource() + "."
                    + Berth.GROUP + " in namespace " + key.namespace() + ")");
        }
    }
}
