package dev.berth.autoscaling;

/** What one policy wants at one evaluation. */
public record Proposal(String policyName, String metric, Double value, Double target, Kind kind, int count, String reason,
        String message, boolean coolingDown) {

    public enum Kind {
        /** Wants more tasks: any such proposal scales out (the largest wins). */
        ScaleOut,
        /** Wants fewer tasks: scales in only when every other policy says ScaleIn or Abstain. */
        ScaleIn,
        /** Wants the current count: vetoes scale-in. */
        Hold,
        /** Has no say (alarm not firing, scale-in disabled). */
        Abstain,
        /** Its metric is missing or stale: vetoes scale-in, never scales. */
        NoData
    }

    static Proposal of(String policyName, String metric, Double value, Double target, Kind kind, int count, String message) {
        return new Proposal(policyName, metric, value, target, kind, count, null, message, false);
    }

    static Proposal noData(String policyName, String metric, Double target, int current, String reason, String message) {
        return new Proposal(policyName, metric, null, target, Kind.NoData, current, reason, message, false);
    }

    /** The proposal waits for its cooldown: Hold, so it still vetoes a scale-in. */
    Proposal inCooldown(String why) {
        return new Proposal(policyName, metric, value, target, Kind.Hold, count, reason, why, true);
    }
}
