package dev.berth.translate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key of a Kubernetes Secret, parsed from an ECS {@code secrets[].valueFrom}. The namespace
 * plays the AWS account, so ARNs keep only the name. The documented convention:
 * <ul>
 * <li>{@code name:key} -> Secret {@code name}, key {@code key};</li>
 * <li>{@code name} -> Secret {@code name}, key {@code value};</li>
 * <li>{@code arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>[:<stage>[:<id>]]]}
 * -> Secret {@code <name>}, key {@code <json-key>} or {@code value}; version stage and id are
 * ignored (a Kubernetes Secret has one version);</li>
 * <li>{@code arn:aws:ssm:<region>:<account>:parameter/<path/name>}, or an SSM parameter name
 * with '/' ({@code /prod/db/password}) -> Secret {@code path-name} ('/' becomes '-', a leading
 * '/' is dropped: Secret names cannot contain '/'), key {@code value}.</li>
 * </ul>
 * Names are not otherwise rewritten: a name that is not a valid Secret name shows up as a
 * container that cannot start, with the kubelet's message.
 */
public record SecretReference(String secretName, String key) {

    public static final String DEFAULT_KEY = "value";

    private static final Pattern SECRETS_MANAGER = Pattern
            .compile("^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:([^:]+)(?::([^:]*).*)?$");
    private static final Pattern SSM = Pattern.compile("^arn:[^:]+:ssm:[^:]*:[^:]*:parameter(/.+)$");

    public SecretReference {
        if (secretName == null || secretName.isEmpty() || key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a secret reference needs a secret name and a key");
        }
    }

    public static SecretReference parse(String valueFrom) {
        if (valueFrom == null || valueFrom.isBlank()) {
            throw new IllegalArgumentException("secrets[].valueFrom must not be empty");
        }
        String value = valueFrom.trim();
        if (value.startsWith("arn:")) {
            return parseArn(value);
        }
        if (value.contains("/")) {
            return ssmParameter(value);
        }
        String[] parts = value.split(":", -1);
        if (parts.length == 1) {
            return new SecretReference(value, DEFAULT_KEY);
        }
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            return new SecretReference(parts[0], parts[1]);
        }
        throw new IllegalArgumentException("secrets[].valueFrom '" + valueFrom + "' is not 'secret-name', 'secret-name:key'"
                + " or a Secrets Manager / SSM parameter ARN");
    }

    private static SecretReference parseArn(String arn) {
        Matcher secret = SECRETS_MANAGER.matcher(arn);
        if (secret.matches()) {
            String jsonKey = secret.group(2);
            return new SecretReference(secret.group(1), jsonKey == null || jsonKey.isEmpty() ? DEFAULT_KEY : jsonKey);
        }
        Matcher parameter = SSM.matcher(arn);
        if (parameter.matches()) {
            return ssmParameter(parameter.group(1));
        }
        throw new IllegalArgumentException("secrets[].valueFrom '" + arn + "' is neither a Secrets Manager secret ARN"
                + " (arn:aws:secretsmanager:<region>:<account>:secret:<name>) nor an SSM parameter ARN"
                + " (arn:aws:ssm:<region>:<account>:parameter/<name>)");
    }

    private static SecretReference ssmParameter(String path) {
        String withoutLeadingSlash = path.startsWith("/") ? path.substring(1) : path;
        if (withoutLeadingSlash.isEmpty()) {
            throw new IllegalArgumentException("SSM parameter '" + path + "' has no name");
        }
        return new SecretReference(withoutLeadingSlash.replace('/', '-'), DEFAULT_KEY);
    }
}
