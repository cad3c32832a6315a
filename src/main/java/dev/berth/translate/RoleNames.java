package dev.berth.translate;

/**
 * Maps an IAM role ARN (or a Secrets Manager ARN used as registry credentials) to the name of
 * the Kubernetes object standing in for it: {@code arn:aws:iam::123456789012:role/path/app} ->
 * {@code app}. A namespace plays the AWS account, so account and region are dropped. Kubernetes
 * object names are lower-case DNS names, so the name is lower-cased and other characters become
 * '-': {@code ecsTaskExecutionRole} -> {@code ecstaskexecutionrole}.
 */
public final class RoleNames {

    private static final String ARN_PREFIX = "arn:";
    /** arn:partition:service:region:account:resource -- the resource is the sixth field. */
    private static final int ARN_FIELDS = 6;

    private RoleNames() {
    }

    public static String fromArn(String arnOrName) {
        if (arnOrName == null || arnOrName.isBlank()) {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION, "a role ARN or name must not be empty");
        }
        String value = arnOrName.trim();
        if (!value.startsWith(ARN_PREFIX)) {
            return dnsName(value);
        }
        String[] fields = value.split(":", ARN_FIELDS);
        if (fields.length < ARN_FIELDS || fields[5].isEmpty()) {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                    "'" + arnOrName + "' is not an ARN (arn:partition:service:region:account:resource)");
        }
        return dnsName(lastSegment(fields[5], arnOrName));
    }

    private static String dnsName(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    }

    /** {@code role/path/app} -> {@code app}; {@code secret:creds} (resource type before a colon) -> {@code creds}. */
    private static String lastSegment(String resource, String arn) {
        String name;
        int slash = resource.lastIndexOf('/');
        if (slash >= 0) {
            name = resource.substring(slash + 1);
        } else {
            int colon = resource.indexOf(':');
            name = colon >= 0 ? resource.substring(colon + 1) : resource;
        }
        if (name.isEmpty()) {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION, "ARN '" + arn + "' does not end with a name");
        }
        return name;
    }
}
