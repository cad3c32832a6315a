package dev.berth.translate;

import java.util.Locale;
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
 * Names from ARNs and SSM paths are AWS names: '/' and '_' become '-' and they are lower-cased. A plain name is a Kubernetes
 * name already and is not rewritten. A reference that still names no possible Secret (an unrendered
 * {@code ${SECRET_ARN}}, a {@code <PARAMETER_NAME>}) is an {@link UnrunnableTask} with reason {@value #INVALID}.
 */
public record SecretReference(String secretName, String key) {

    public static final String DEFAULT_KEY = "value";
    /** The reason a Task fails to start with when a valueFrom names no possible Secret. */
    public static final String INVALID = "InvalidSecretReference";

    private static final Pattern SECRETS_MANAGER = Pattern
            .compile("^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:([^:]+)(?::([^:]*).*)?$");
    /** What the API server accepts, checked before the name reaches a URL or a Pod. */
    private static final Pattern SECRET_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
    private static final Pattern SECRET_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");
    private static final int MAX_NAME_LENGTH = 253;
    private static final Pattern SSM = Pattern.compile("^arn:[^:]+:ssm:[^:]*:[^:]*:parameter(/.+)$");

    public SecretReference {
        if (secretName == null || secretName.isEmpty() || key == null || key.isEmpty()) {
            throw invalid("a secret reference needs a secret name and a key");
        }
        if (secretName.length() > MAX_NAME_LENGTH || !SECRET_NAME.matcher(secretName).matches()) {
            throw invalid("'" + secretName + "' is not a Kubernetes Secret name (lower-case letters, digits, '-' and '.',"
                    + " starting and ending with a letter or digit)");
        }
        if (key.length() > MAX_NAME_LENGTH || !SECRET_KEY.matcher(key).matches()) {
            throw invalid("'" + key + "' is not a Kubernetes Secret key (letters, digits, '-', '_' and '.')");
        }
    }

    public static SecretReference parse(String valueFrom) {
        if (valueFrom == null || valueFrom.isBlank()) {
            throw invalid("secrets[].valueFrom must not be empty");
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
        throw invalid("secrets[].valueFrom '" + valueFrom + "' is not 'secret-name', 'secret-name:key'"
                + " or a Secrets Manager / SSM parameter ARN");
    }

    private static SecretReference parseArn(String arn) {
        Matcher secret = SECRETS_MANAGER.matcher(arn);
        if (secret.matches()) {
            String jsonKey = secret.group(2);
            return new SecretReference(awsName(secret.group(1)), jsonKey == null || jsonKey.isEmpty() ? DEFAULT_KEY : jsonKey);
        }
        Matcher parameter = SSM.matcher(arn);
        if (parameter.matches()) {
            return ssmParameter(parameter.group(1));
        }
        throw invalid("secrets[].valueFrom '" + arn + "' is neither a Secrets Manager secret ARN"
                + " (arn:aws:secretsmanager:<region>:<account>:secret:<name>) nor an SSM parameter ARN"
                + " (arn:aws:ssm:<region>:<account>:parameter/<name>)");
    }

    private static SecretReference ssmParameter(String path) {
        String withoutLeadingSlash = path.startsWith("/") ? path.substring(1) : path;
        if (withoutLeadingSlash.isEmpty()) {
            throw invalid("SSM parameter '" + path + "' has no name");
        }
        return new SecretReference(awsName(withoutLeadingSlash), DEFAULT_KEY);
    }

    /**
     * An AWS secret or parameter name as a Secret name: '/' and '_' become '-', letters lower-case
     * ({@code Prod/db_password} -> {@code prod-db-password}); '+', '=', '@' have no Secret-name form and are refused.
     */
    private static String awsName(String name) {
        return name.replace('/', '-').replace('_', '-').toLowerCase(Locale.ROOT);
    }

    private static UnrunnableTask invalid(String message) {
        return new UnrunnableTask(INVALID, message);
    }
}
