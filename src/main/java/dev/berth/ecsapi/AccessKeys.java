package dev.berth.ecsapi;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * Access keys as Kubernetes Secrets: one Secret per key, labelled {@value #LABEL}, with the data keys
 * {@code accessKeyId}, {@code secretAccessKey}, {@code namespace} (the ECS account the key acts in) and
 * {@code serviceAccount} (the identity of that namespace whose RBAC applies). Pure: the Secrets come in.
 */
public final class AccessKeys {

    public static final String LABEL = "berth.dev/ecs-access-key";

    private AccessKeys() {
    }

    /** The key a Secret holds, or empty when it lacks a field (such a Secret authenticates nobody). */
    public static Optional<AccessKey> fromSecret(Secret secret) {
        String id = field(secret, "accessKeyId");
        String key = field(secret, "secretAccessKey");
        String namespace = field(secret, "namespace");
        String account = field(secret, "serviceAccount");
        if (id == null || key == null || namespace == null || account == null) {
            return Optional.empty();
        }
        return Optional.of(new AccessKey(id, key, namespace, account));
    }

    /** The key with this id among the Secrets. */
    public static Optional<AccessKey> find(Iterable<Secret> secrets, String accessKeyId) {
        for (Secret secret : secrets) {
            Optional<AccessKey> key = fromSecret(secret);
            if (key.isPresent() && key.get().accessKeyId().equals(accessKeyId)) {
                return key;
            }
        }
        return Optional.empty();
    }

    private static String field(Secret secret, String name) {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(name) != null) {
            return new String(Base64.getDecoder().decode(data.get(name)), StandardCharsets.UTF_8).trim();
        }
        Map<String, String> stringData = secret.getStringData();
        return stringData == null || stringData.get(name) == null ? null : stringData.get(name).trim();
    }
}
