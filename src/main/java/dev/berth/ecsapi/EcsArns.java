package dev.berth.ecsapi;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * ECS ARNs in the long format, and the names and ids inside ARNs a caller sends wherever ECS accepts "a name or an
 * ARN". The account of an ARN is the namespace's (a namespace is an ECS account): 12 digits derived from its name, so
 * ARNs look like AWS's to tools that check them, and differ between namespaces.
 */
public record EcsArns(String region, String account) {

    private static final String PREFIX = "arn:aws:ecs:";

    /** The ARNs of one namespace, in the region the caller signed for. */
    public static EcsArns of(String region, String namespace) {
        return new EcsArns(region, accountOf(namespace));
    }

    /** Twelve digits derived from the namespace name (stable; not reversible, so the docs say how to find it). */
    public static String accountOf(String namespace) {
        byte[] digest = SigV4Verifier.sha256(namespace.getBytes(StandardCharsets.UTF_8));
        String digits = new BigInteger(1, digest).mod(BigInteger.TEN.pow(12)).toString();
        return "0".repeat(12 - digits.length()) + digits;
    }

    public String cluster(String clusterName) {
        return arn("cluster/" + clusterName);
    }

    public String taskDefinition(String family, int revision) {
        return arn("task-definition/" + family + ":" + revision);
    }

    public String task(String clusterName, String taskId) {
        return arn("task/" + clusterName + "/" + taskId);
    }

    public String container(String clusterName, String taskId, String containerName) {
        return arn("container/" + clusterName + "/" + taskId + "/" + containerName);
    }

    public String service(String clusterName, String serviceName) {
        return arn("service/" + clusterName + "/" + serviceName);
    }

    public String capacityProvider(String name) {
        return arn("capacity-provider/" + name);
    }

    private String arn(String resource) {
        return PREFIX + region + ":" + account + ":" + resource;
    }

    /** The cluster name of a name or cluster ARN; null or blank is ECS's {@code default}. */
    public static String clusterName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isBlank()) {
            return "default";
        }
        return lastSegment(nameOrArn, "cluster/");
    }

    /** The service name of a name or service ARN (long {@code service/cluster/name} or short {@code service/name}). */
    public static String serviceName(String nameOrArn) {
        return lastSegment(nameOrArn, "service/");
    }

    /** The task id of an id or task ARN (long {@code task/cluster/id} or short {@code task/id}). */
    public static String taskId(String idOrArn) {
        return lastSegment(idOrArn, "task/");
    }

    /** {@code family}, {@code family:revision} of a task definition reference ({@code family[:n]} or its ARN). */
    public static String taskDefinition(String reference) {
        if (reference == null) {
            return null;
        }
        if (reference.startsWith(PREFIX)) {
            int slash = reference.indexOf(":task-definition/");
            if (slash < 0) {
                throw EcsApiException.invalidParameter("Invalid task definition ARN: " + reference);
            }
            return reference.substring(slash + ":task-definition/".length());
        }
        return reference;
    }

    /** Whether the string is an ECS ARN (rather than a name). */
    public static boolean isArn(String s) {
        return s != null && s.startsWith("arn:");
    }

    private static String lastSegment(String nameOrArn, String resourceType) {
        if (!isArn(nameOrArn)) {
            return nameOrArn;
        }
        int at = nameOrArn.indexOf(":" + resourceType);
        if (!nameOrArn.startsWith(PREFIX) || at < 0) {
            throw EcsApiException.invalidParameter("Invalid " + resourceType.replace("/", "") + " ARN: " + nameOrArn);
        }
        String rest = nameOrArn.substring(at + resourceType.length() + 1);
        return rest.substring(rest.lastIndexOf('/') + 1);
    }

    /** The cluster named in a long task or service ARN, or null (a name, or a short ARN). */
    public static String clusterOfArn(String arn, String resourceType) {
        if (!isArn(arn)) {
            return null;
        }
        int at = arn.indexOf(":" + resourceType + "/");
        if (at < 0) {
            return null;
        }
        String[] parts = arn.substring(at + resourceType.length() + 2).split("/");
        return parts.length == 2 ? parts[0] : null;
    }

    /**
     * The first ECS ARN in a request whose account is not this one's, or null. A key acts in its own namespace only:
     * naming another account's resource is AccessDenied, as across AWS accounts.
     */
    public String foreignArn(com.fasterxml.jackson.databind.JsonNode request) {
        if (request == null) {
            return null;
        }
        if (request.isTextual()) {
            String text = request.asText();
            if (text.startsWith(PREFIX)) {
                String[] parts = text.split(":", 6);
                return parts.length < 6 || !parts[4].equals(account) ? text : null;
            }
            return null;
        }
        for (com.fasterxml.jackson.databind.JsonNode child : request) {
            String foreign = foreignArn(child);
            if (foreign != null) {
                return foreign;
            }
        }
        return null;
    }
}
