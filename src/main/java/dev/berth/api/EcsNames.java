package dev.berth.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one mapping from an ECS name (family, container, volume, cluster, service: up to 255 letters of either case,
 * digits, {@code -} and {@code _}) to the Kubernetes name of what it becomes (a DNS label, at most 63 characters).
 *
 * <p>
 * A name that already is a DNS label maps to itself, so every existing Berth object keeps its name. Any other name is
 * lower-cased, {@code _} becomes {@code -}, and a hash of the original name is appended ({@code log_router} →
 * {@code log-router-5c1ef0a2}): {@code Web_App} and {@code web-app} stay apart, and the same ECS name always gives the
 * same Kubernetes name. The ECS name itself stays in spec, status, Events and the ECS API.
 */
public final class EcsNames {
    /** What ECS accepts for a family, container, volume, cluster or service name. */
    public static final String ECS_NAME = "^[A-Za-z0-9_-]{1,255}$";
    /**
     * How a Task or Service names a task definition, as RunTask and CreateService take it: {@code family},
     * {@code family:revision} (revision 1-999999999: beyond, not an int ECS could hold, refused at apply time) or the
     * task definition ARN; the family is always the ECS name.
     */
    public static final String TASK_DEFINITION_REFERENCE = "^(arn:aws[a-z-]*:ecs:[a-z0-9-]*:[0-9]*:task-definition/)?"
            + "[A-Za-z0-9_-]{1,255}(:[1-9][0-9]{0,8})?$";
    /** The longest Kubernetes name this mapping returns (a DNS label). */
    public static final int MAX_LENGTH = 63;

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final Pattern ECS = Pattern.compile(ECS_NAME);
    private static final int HASH_LENGTH = 8;

    private EcsNames() {
    }

    /** Whether ECS accepts this as a family, container, volume, cluster or service name. */
    public static boolean isEcsName(String name) {
        return name != null && ECS.matcher(name).matches();
    }

    /** Whether the name is its own Kubernetes name (a DNS label). */
    public static boolean isKubernetesName(String name) {
        return name != null && DNS_LABEL.matcher(name).matches();
    }

    /** The Kubernetes name (a DNS label) of what the ECS name becomes; deterministic and collision-free. */
    public static String kubernetesName(String ecsName) {
        if (isKubernetesName(ecsName)) {
            return ecsName;
        }
        String hash = hash(ecsName);
        String base = ecsName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        base = base.substring(0, Math.min(base.length(), MAX_LENGTH - HASH_LENGTH - 1));
        base = base.replaceAll("^-+", "").replaceAll("-+$", "");
        return base.isEmpty() ? "x" + hash : base + "-" + hash;
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
