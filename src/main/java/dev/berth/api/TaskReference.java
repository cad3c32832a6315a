package dev.berth.api;

/** A Task's reference to a task definition: {@code family} or {@code family:revision}, the family an ECS name. */
public record TaskReference(String family, Integer revision) {

    private static final String ARN_RESOURCE = ":task-definition/";

    /** {@code family}, {@code family:revision} or an ECS task definition ARN (account and region are the namespace). */
    public static TaskReference parse(String reference) {
        int arn = reference.startsWith("arn:") ? reference.indexOf(ARN_RESOURCE) : -1;
        String familyRevision = arn < 0 ? reference : reference.substring(arn + ARN_RESOURCE.length());
        int colon = familyRevision.lastIndexOf(':');
        if (colon < 0) {
            return new TaskReference(familyRevision, null);
        }
        return new TaskReference(familyRevision.substring(0, colon), Integer.valueOf(familyRevision.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return revision == null ? family : family + ":" + revision;
    }
}
