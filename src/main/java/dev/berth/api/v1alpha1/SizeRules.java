package dev.berth.api.v1alpha1;

/**
 * CEL rules the API server evaluates at apply time for ECS task sizes. A size is a JSON number or
 * one of the ECS strings ("256", "0.25 vCPU", "512", "1 GB"); the expressions below turn it into
 * CPU units or MiB the same way {@code dev.berth.taskdef.TaskSize} does in Java (a test keeps the
 * two in step). Annotation values must be compile-time constants, hence the spelled-out copies for
 * {@code self} and {@code self.cpu}/{@code self.memory}.
 */
public final class SizeRules {

    private SizeRules() {
    }

    public static final String CPU_FORM_SELF = "(type(self) == int || self.trim().matches('^[0-9]+$')"
            + " || self.trim().matches('(?i)^([0-9]+|[0-9]*[.][0-9]+) *vcpu$'))";
    public static final String CPU_UNITS_SELF = "(type(self) == int ? self : self.lowerAscii().contains('vcpu')"
            + " ? int(double(self.lowerAscii().replace('vcpu', '').trim()) * 1024.0) : int(self.trim()))";
    public static final String MEMORY_FORM_SELF = "(type(self) == int || self.trim().matches('^[0-9]+$')"
            + " || self.trim().matches('(?i)^([0-9]+|[0-9]*[.][0-9]+) *gb$'))";
    public static final String MEMORY_MIB_SELF = "(type(self) == int ? self : self.lowerAscii().contains('gb')"
            + " ? int(double(self.lowerAscii().replace('gb', '').trim()) * 1024.0) : int(self.trim()))";

    public static final String CPU_FORM_TASK = "(type(self.cpu) == int || self.cpu.trim().matches('^[0-9]+$')"
            + " || self.cpu.trim().matches('(?i)^([0-9]+|[0-9]*[.][0-9]+) *vcpu$'))";
    public static final String CPU_UNITS_TASK = "(type(self.cpu) == int ? self.cpu : self.cpu.lowerAscii().contains('vcpu')"
            + " ? int(double(self.cpu.lowerAscii().replace('vcpu', '').trim()) * 1024.0) : int(self.cpu.trim()))";
    public static final String MEMORY_FORM_TASK = "(type(self.memory) == int || self.memory.trim().matches('^[0-9]+$')"
            + " || self.memory.trim().matches('(?i)^([0-9]+|[0-9]*[.][0-9]+) *gb$'))";
    public static final String MEMORY_MIB_TASK = "(type(self.memory) == int ? self.memory : self.memory.lowerAscii().contains('gb')"
            + " ? int(double(self.memory.lowerAscii().replace('gb', '').trim()) * 1024.0) : int(self.memory.trim()))";

    /** Valid Fargate task sizes: CPU units to the allowed memory values in MiB (ECS Fargate table). */
    public static final String FARGATE_PAIRS = "{256: [512, 1024, 2048],"
            + " 512: [1024, 2048, 3072, 4096],"
            + " 1024: [2048, 3072, 4096, 5120, 6144, 7168, 8192],"
            + " 2048: [4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384],"
            + " 4096: [8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384, 17408, 18432, 19456, 20480,"
            + " 21504, 22528, 23552, 24576, 25600, 26624, 27648, 28672, 29696, 30720],"
            + " 8192: [16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440],"
            + " 16384: [32768, 40960, 49152, 57344, 65536, 73728, 81920, 90112, 98304, 106496, 114688, 122880]}";

    /**
     * The field rules hold what every launch type accepts, which is EC2's range (ECS applies EC2's rules to a task
     * definition that does not ask for Fargate): task cpu 128-196608 units, task memory at least 6 MiB (Docker's
     * floor, the smallest container memory ECS takes) and, as ECS sets no ceiling on EC2, at most 2147483647 MiB, the
     * largest a Java int holds (an object the operator could not decode would stop its informer). {@link #FARGATE_RULE} narrows
     * both to the Fargate table when
     * requiresCompatibilities holds FARGATE.
     */
    public static final int MIN_CPU_UNITS = 128;
    public static final int MAX_CPU_UNITS = 196608;
    public static final int MIN_MEMORY_MIB = 6;

    public static final String CPU_RULE = CPU_FORM_SELF + " ? " + CPU_UNITS_SELF + " >= 128 && " + CPU_UNITS_SELF
            + " <= 196608 : false";
    public static final String CPU_MESSAGE = "cpu must be 128-196608 CPU units (0.125-192 vCPU; with requiresCompatibilities"
            + " FARGATE one of 256, 512, 1024, 2048, 4096, 8192 or 16384), written as a number (256), a string (\"256\")"
            + " or in vCPU (\"0.25 vCPU\")";

    public static final String MEMORY_RULE = MEMORY_FORM_SELF + " ? " + MEMORY_MIB_SELF + " >= 6 && " + MEMORY_MIB_SELF
            + " <= 2147483647 : false";
    public static final String MEMORY_MESSAGE = "memory must be 6-2147483647 MiB (with requiresCompatibilities FARGATE"
            + " 512-122880 MiB in the Fargate table), written in MiB (512 or \"512\") or in GB (\"1 GB\", \"1GB\")";

    /** Both sizes well formed: the pair is checked; otherwise the field rules above report it. */
    private static final String BOTH_WELL_FORMED = "has(self.cpu) && has(self.memory) && " + CPU_FORM_TASK
            + " && " + MEMORY_FORM_TASK;

    public static final String FARGATE_PAIR_CHECK = "(" + CPU_UNITS_TASK + " in " + FARGATE_PAIRS + " && "
            + MEMORY_MIB_TASK + " in " + FARGATE_PAIRS + "[" + CPU_UNITS_TASK + "])";

    public static final String FARGATE_RULE = "!has(self.requiresCompatibilities) || !('FARGATE' in self.requiresCompatibilities)"
            + " || (has(self.cpu) && has(self.memory) && (" + BOTH_WELL_FORMED + " ? " + FARGATE_PAIR_CHECK + " : true))";
    public static final String FARGATE_MESSAGE = "requiresCompatibilities FARGATE needs a valid Fargate cpu/memory pair"
            + " (spec.cpu, spec.memory): cpu 256 with memory 512, 1024 or 2048; 512 with 1024-4096;"
            + " 1024 with 2048-8192; 2048 with 4096-16384; 4096 with 8192-30720 (all in 1024 MiB steps);"
            + " 8192 with 16384-61440 (4096 steps); 16384 with 32768-122880 (8192 steps)";

    public static final String CONTAINER_MEMORY_RULE = "!has(self.memory) || !(" + MEMORY_FORM_TASK + ")"
            + " || self.containerDefinitions.all(c, (!has(c.memory) || c.memory <= " + MEMORY_MIB_TASK + ")"
            + " && (!has(c.memoryReservation) || c.memoryReservation <= " + MEMORY_MIB_TASK + "))";
    public static final String CONTAINER_MEMORY_MESSAGE = "a container's memory or memoryReservation"
            + " (containerDefinitions[].memory) must not exceed the task memory (spec.memory)";

    public static final String CONTAINER_CPU_RULE = "!has(self.cpu) || !(" + CPU_FORM_TASK + ")"
            + " || self.containerDefinitions.all(c, !has(c.cpu) || c.cpu <= " + CPU_UNITS_TASK + ")";
    public static final String CONTAINER_CPU_MESSAGE = "a container's cpu (containerDefinitions[].cpu) must not"
            + " exceed the task cpu (spec.cpu)";

    public static final String MEMORY_REQUIRED_RULE = "has(self.memory)"
            + " || self.containerDefinitions.all(c, has(c.memory) || has(c.memoryReservation))";
    public static final String MEMORY_REQUIRED_MESSAGE = "every container needs memory or memoryReservation"
            + " (containerDefinitions[].memory) when the task has no memory (spec.memory)";
}
