package dev.berth.taskdef;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.berth.api.v1alpha1.SizeRules;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * ECS task sizes: CPU units (1024 = 1 vCPU) and MiB, parsed from the forms ECS accepts
 * (256, "256", "0.25 vCPU", "1 vcpu"; 512, "512", "1 GB", "1GB"). EC2's ranges hold for every task
 * definition, Fargate's table for those that require FARGATE. Mirrors the CEL rules in
 * {@link dev.berth.api.v1alpha1.SizeRules}, which reject bad values at apply time.
 */
public record TaskSize(int cpuUnits, int memoryMiB) {

    private static final Pattern NUMBER = Pattern.compile("^\\s*(\\d+)\\s*$");
    private static final Pattern VCPU = Pattern.compile("^\\s*(\\d+|\\d*\\.\\d+)\\s*vcpu\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern GB = Pattern.compile("^\\s*(\\d+|\\d*\\.\\d+)\\s*gb\\s*$", Pattern.CASE_INSENSITIVE);

    /** Fargate: CPU units to {min, max, step} of memory in MiB; 256 is the irregular row. */
    private static final Map<Integer, int[]> FARGATE = Map.of(
            512, new int[] { 1024, 4096, 1024 },
            1024, new int[] { 2048, 8192, 1024 },
            2048, new int[] { 4096, 16384, 1024 },
            4096, new int[] { 8192, 30720, 1024 },
            8192, new int[] { 16384, 61440, 4096 },
            16384, new int[] { 32768, 122880, 8192 });

    /** CPU units of an ECS cpu value, or empty when it is not a well-formed value. */
    public static Optional<Integer> cpuUnits(IntOrString value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.getIntVal() != null) {
            return Optional.of(value.getIntVal());
        }
        return parse(value.getStrVal(), VCPU, 1024);
    }

    /** MiB of an ECS memory value, or empty when it is not a well-formed value. */
    public static Optional<Integer> memoryMiB(IntOrString value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.getIntVal() != null) {
            return Optional.of(value.getIntVal());
        }
        return parse(value.getStrVal(), GB, 1024);
    }

    /** The value in CPU units or MiB, truncated as CEL's int() does; empty when malformed or beyond an int. */
    private static Optional<Integer> parse(String text, Pattern scaled, int factor) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher plain = NUMBER.matcher(text);
        Matcher withUnit = scaled.matcher(text);
        BigDecimal value;
        if (plain.matches()) {
            value = new BigDecimal(plain.group(1));
        } else if (withUnit.matches()) {
            value = new BigDecimal(withUnit.group(1)).multiply(BigDecimal.valueOf(factor));
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(value.setScale(0, RoundingMode.DOWN).intValueExact());
        } catch (ArithmeticException tooLarge) {
            return Optional.empty();
        }
    }

    /** A task cpu any launch type accepts (EC2's range; Fargate narrows it to its table). */
    public static boolean isValidCpu(int units) {
        return units >= SizeRules.MIN_CPU_UNITS && units <= SizeRules.MAX_CPU_UNITS;
    }

    /** A task memory any launch type accepts (EC2's floor; Fargate narrows it to its table). */
    public static boolean isValidMemory(int mib) {
        return mib >= SizeRules.MIN_MEMORY_MIB;
    }

    /** Whether this size is one of the Fargate cpu/memory pairs. */
    public boolean isFargatePair() {
        if (cpuUnits == 256) {
            return memoryMiB == 512 || memoryMiB == 1024 || memoryMiB == 2048;
        }
        int[] row = FARGATE.get(cpuUnits);
        return row != null && memoryMiB >= row[0] && memoryMiB <= row[1] && memoryMiB % row[2] == 0;
    }

    /** Every Fargate cpu/memory pair, by cpu then memory (the table {@link #isFargatePair()} checks against). */
    public static List<TaskSize> fargateSizes() {
        List<TaskSize> sizes = new ArrayList<>();
        for (int memory : new int[] { 512, 1024, 2048 }) {
            sizes.add(new TaskSize(256, memory));
        }
        FARGATE.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(row -> {
            int[] range = row.getValue();
            for (int memory = range[0]; memory <= range[1]; memory += range[2]) {
                sizes.add(new TaskSize(row.getKey(), memory));
            }
        });
        return List.copyOf(sizes);
    }

    /** Kubernetes quantity of CPU units: 1024 units = 1 CPU, rounded up to whole millicores (in long: no overflow). */
    public static String cpuQuantity(int units) {
        return ((long) units * 1000 + 1023) / 1024 + "m";
    }

    public static String memoryQuantity(int mib) {
        return mib + "Mi";
    }
}
