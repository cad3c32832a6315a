package dev.berth.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Service's task samples (CPU in vCPU, memory in MiB, each with the time metrics-server took it), in memory, in a
 * bounded ring: when it is full, the oldest sample goes. A task's sample is added only when it is newer than that
 * task's last one, so metrics-server's resolution, not how often the operator asks, decides how many there are. Not
 * thread-safe: one timer thread owns it.
 */
final class UsageWindow {

    private final long[] at;
    private final double[] cpu;
    private final double[] memory;
    /** Index of the oldest sample, and how many there are. */
    private int first;
    private int size;
    /** Time (epoch ms) of each task's newest sample. */
    private final Map<String, Long> newest = new HashMap<>();

    /** The samples of a window, oldest first. */
    record Samples(double[] cpuVcpu, double[] memoryMiB, Optional<Instant> since) {
    }

    UsageWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a usage window holds at least one sample, got capacity " + capacity);
        }
        at = new long[capacity];
        cpu = new double[capacity];
        memory = new double[capacity];
    }

    /** Adds a task's sample unless it is not newer than that task's last one; false when it was not added. */
    boolean add(String task, Instant time, double cpuVcpu, double memoryMiB) {
        long millis = time.toEpochMilli();
        Long last = newest.get(task);
        if (last != null && millis <= last) {
            return false;
        }
        newest.put(task, millis);
        int slot = (first + size) % at.length;
        if (size == at.length) {
            first = (first + 1) % at.length;
        } else {
            size++;
        }
        at[slot] = millis;
        cpu[slot] = cpuVcpu;
        memory[slot] = memoryMiB;
        return true;
    }

    /** Forgets the newest-sample times of tasks that no longer run (their samples stay until they leave the window). */
    void retainTasks(Set<String> running) {
        newest.keySet().retainAll(running);
    }

    /** Drops the samples older than {@code window} before {@code now}, and returns the rest. */
    Samples within(Instant now, Duration window) {
        long from = now.minus(window).toEpochMilli();
        while (size > 0 && at[first] < from) {
            first = (first + 1) % at.length;
            size--;
        }
        double[] cpuValues = new double[size];
        double[] memoryValues = new double[size];
        for (int i = 0; i < size; i++) {
            int slot = (first + i) % at.length;
            cpuValues[i] = cpu[slot];
            memoryValues[i] = memory[slot];
        }
        return new Samples(cpuValues, memoryValues,
                size == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at[first])));
    }

    int size() {
        return size;
    }
}
