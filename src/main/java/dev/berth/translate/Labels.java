package dev.berth.translate;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes label (and annotation) key and value rules, and the sanitiser that turns ECS
 * strings such as {@code ecs-svc/1234} or {@code service:web} into label values.
 */
public final class Labels {

    static final int MAX_VALUE_LENGTH = 63;
    private static final int MAX_PREFIX_LENGTH = 253;

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$");
    private static final Pattern DNS_SUBDOMAIN = Pattern
            .compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern NOT_ALLOWED_IN_VALUE = Pattern.compile("[^A-Za-z0-9._-]");

    private Labels() {
    }

    /** {@code [prefix/]name}: prefix a DNS subdomain of at most 253 characters, name at most 63. */
    public static boolean isValidKey(String key) {
        if (key == null) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.length() > MAX_PREFIX_LENGTH || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return name.length() <= MAX_VALUE_LENGTH && NAME.matcher(name).matches();
    }

    /** Empty, or at most 63 characters of {@code [-A-Za-z0-9_.]} starting and ending alphanumeric. */
    public static boolean isValidValue(String value) {
        return value != null && (value.isEmpty() || value.length() <= MAX_VALUE_LENGTH && NAME.matcher(value).matches());
    }

    /**
     * A label value made from any string: '/' and ':' become '.', other characters a label
     * cannot hold are dropped, the result is cut to 63 characters and trimmed to start and end
     * with a letter or digit. Empty when nothing is left (the label is then omitted).
     */
    public static Optional<String> sanitizeValue(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = NOT_ALLOWED_IN_VALUE.matcher(raw.replace('/', '.').replace(':', '.')).replaceAll("");
        value = trimToAlphanumeric(value);
        if (value.length() > MAX_VALUE_LENGTH) {
            value = trimToAlphanumeric(value.substring(0, MAX_VALUE_LENGTH));
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static String trimToAlphanumeric(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && !isAsciiAlphanumeric(value.charAt(start))) {
            start++;
        }
        while (end > start && !isAsciiAlphanumeric(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
