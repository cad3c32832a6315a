package dev.berth.events;

/** A Kubernetes Event about a Berth resource, decided by a pure core and recorded by a reconciler. */
public record BerthEvent(Type type, String reason, String message) {

    public enum Type {
        Normal,
        Warning
    }

    public static BerthEvent normal(String reason, String message) {
        return new BerthEvent(Type.Normal, reason, message);
    }

    public static BerthEvent warning(String reason, String message) {
        return new BerthEvent(Type.Warning, reason, message);
    }

    public static BerthEvent of(boolean warning, String reason, String message) {
        return warning ? warning(reason, message) : normal(reason, message);
    }
}
