package dev.berth.api.v1alpha1;

/** Names shared by every Berth resource and the objects the operator creates. */
public final class Berth {
    public static final String GROUP = "berth.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String CATEGORY = "berth";

    public static final String LABEL_TASK = "berth.dev/task";
    public static final String LABEL_FAMILY = "berth.dev/family";
    public static final String LABEL_REVISION = "berth.dev/revision";
    public static final String LABEL_CLUSTER = "berth.dev/cluster";
    public static final String LABEL_CAPACITY_PROVIDER = "berth.dev/capacity-provider";
    /** On the Tasks of a Service: the Service name. */
    public static final String LABEL_SERVICE = "berth.dev/service";
    /** On the Tasks of a ScheduledTask: the ScheduledTask's name (shortened with a hash past 63 characters). */
    public static final String LABEL_SCHEDULED_TASK = "berth.dev/scheduled-task";
    /** On a BatchJob's child Task: the job's name. */
    public static final String LABEL_BATCH_JOB = "berth.dev/batch-job";
    /** On the Tasks of a ScheduledTask: the fire time (RFC 3339) whose run the Task belongs to. */
    public static final String ANNOTATION_FIRE_TIME = "berth.dev/fire-time";
    /** On task Pods of spot capacity: their eviction is a spot interruption (stopCode SpotInterruption). */
    public static final String LABEL_SPOT = "berth.dev/spot";
    public static final String LABEL_STARTED_BY = "berth.dev/started-by";
    public static final String LABEL_GROUP = "berth.dev/group";
    /**
     * On the Pod of a task that carries security groups; each group adds the label {@link #SECURITY_GROUP_LABEL_PREFIX}<name>.
     */
    public static final String LABEL_SECURITY_GROUPS = "berth.dev/security-groups";
    public static final String SECURITY_GROUP_LABEL_PREFIX = "securitygroup.berth.dev/";
    /** On the NetworkPolicy of a SecurityGroup: the group's name. */
    public static final String LABEL_SECURITY_GROUP = "berth.dev/security-group";
    public static final String LABEL_SPEC_HASH = "berth.dev/spec-hash";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "berth";

    public static final String ANNOTATION_TAGS = "berth.dev/tags";
    /** On task Pods: the ECS family:revision the task runs (labels hold only Kubernetes names). */
    public static final String ANNOTATION_TASK_DEFINITION = "berth.dev/task-definition";
    /** Keeps a task Pod until the operator has recorded its final container states (as Jobs do). */
    public static final String POD_FINALIZER = "berth.dev/task-status";
    /**
     * The Task controller's finalizer (it releases the Pod's). Tasks the operator creates carry it from the start, which
     * saves each a write and a round trip before its Pod is created.
     */
    public static final String TASK_FINALIZER = "tasks.berth.dev/finalizer";

    private Berth() {
    }
}
