package dev.berth.ecsapi;

/** What an ECS operation does in Kubernetes terms: a verb on a berth.dev resource of the key's namespace. */
public record Permission(String verb, String resource) {

    public static Permission read(String resource) {
        return new Permission("list", resource);
    }

    public static Permission create(String resource) {
        return new Permission("create", resource);
    }

    public static Permission update(String resource) {
        return new Permission("update", resource);
    }

    public static Permission delete(String resource) {
        return new Permission("delete", resource);
    }
}
