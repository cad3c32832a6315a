package dev.berth.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The name of a run's Task: the idempotency key of "exactly once per fire time". It depends only on the schedule's
 * name, the fire time, the index among taskCount and the retry attempt, so whoever creates it (a restarted operator, a
 * new leader) creates the same name, and the API server refuses the second.
 */
public final class RunNames {

    /** Task names become Pod names and label values: a DNS label. */
    static final int MAX = 63;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

    private RunNames() {
    }

    /** e.g. {@code nightly-202612050200}, {@code nightly-202612050200-2} (index 2), {@code ...-r3} (3rd retry). */
    public static String task(String schedule, Instant fireTime, int index, int taskCount, int attempt) {
        String suffix = "-" + MINUTE.format(fireTime)
                + (fireTime.getEpochSecond() % 60 == 0 ? "" : "s" + fireTime.getEpochSecond() % 60)
                + (taskCount > 1 ? "-" + index : "") + (attempt > 0 ? "-r" + attempt : "");
        return shortened(schedule, MAX - suffix.length()) + suffix;
    }

    /** The schedule's name as a label value (at most 63 characters). */
    public static String label(String schedule) {
        return shortened(schedule, MAX);
    }

    /** {@code name} if it fits, else its head and a hash of all of it, so two long names never share a prefix. */
    static String shortened(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        String hash = HexFormat.of().toHexDigits((int) crc.getValue());
        String head = name.substring(0, max - hash.length() - 1).replaceAll("[-.]+$", "");
        return head + "-" + hash;
    }
}
