package dev.berth.ecsapi;

/**
 * An ECS API access key: its secret, the namespace it is bound to (its ECS "account") and the Kubernetes
 * ServiceAccount of that namespace whose RBAC decides what the key may do.
 */
public record AccessKey(String accessKeyId, String secretAccessKey, String namespace, String serviceAccount) {

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + " -> " + namespace + "/" + serviceAccount + "]";
    }
}
