package dev.berth.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.berth.api.EcsNames;

/**
 * The names of a Service's Tasks (pure): {@code <service>-<n>-<slot>} for deployment {@code ecs-svc/<n>}, and
 * {@code <service>-<n>-<node>-<slot>} for a DAEMON task pinned to {@code node}; the slot is the lowest index no Task
 * of the observation holds. The same observation always gives the same names, so a launch repeated because the cache
 * does not show the first one yet (a create that timed out on the client and was committed anyway, as when etcd
 * stalls) is an AlreadyExists for the API server instead of a second Task. A STOPPED Task still present keeps its name
 * taken, so a replacement in the same deployment gets the next slot. A name longer than a DNS label (63) keeps a
 * prefix of the service name and a hash of what it cut.
 */
final class ServiceTaskNames {

    private static final int MAX_LENGTH = EcsNames.MAX_LENGTH;
    private static final int HASH_LENGTH = 8;

    private ServiceTaskNames() {
    }

    /**
     * The launches, each with its Task's name, in the same order.
     *
     * @param taken the names of the service's Tasks in the observation, STOPPED ones included
     */
    static List<TaskLaunch> assign(String service, List<TaskLaunch> launches, Set<String> taken) {
        Set<String> used = new HashSet<>(taken);
        Map<String, Integer> nextSlot = new HashMap<>();
        List<TaskLaunch> named = new ArrayList<>();
        for (TaskLaunch launch : launches) {
            String key = key(service, launch);
            int slot = nextSlot.getOrDefault(key, 0);
            while (used.contains(name(key, slot))) {
                slot++;
            }
            String name = name(key, slot);
            used.add(name);
            nextSlot.put(key, slot + 1);
            named.add(launch.named(name));
        }
        return named;
    }

    /** What every slot of one deployment (and node) shares: {@code <service>-<n>} or {@code <service>-<n>-<node>}. */
    private static String key(String service, TaskLaunch launch) {
        String key = service + "-" + deploymentPart(launch.deploymentId());
        return launch.node() == null ? key : key + "-" + EcsNames.kubernetesName(launch.node());
    }

    /** {@code 7} for {@code ecs-svc/7}; any other id (none is made today) as a DNS-safe hash. */
    private static String deploymentPart(String deploymentId) {
        String number = deploymentId.startsWith(Deployments.PREFIX) ? deploymentId.substring(Deployments.PREFIX.length())
                : "";
        return !number.isEmpty() && number.chars().allMatch(Character::isDigit) ? number : "d" + hash(deploymentId);
    }

    private static String name(String key, int slot) {
        String suffix = "-" + slot;
        if (key.length() + suffix.length() <= MAX_LENGTH) {
            return key + suffix;
        }
        String hashed = "-" + hash(key) + suffix;
        String prefix = key.substring(0, MAX_LENGTH - hashed.length()).replaceAll("-+$", "");
        return prefix + hashed;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
