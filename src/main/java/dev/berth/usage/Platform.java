package dev.berth.usage;

import java.util.Locale;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition.CpuArchitecture;

/** The Fargate price lists: operating system and CPU architecture, each with its minimum charge. */
public enum Platform {
    LINUX_X86_64("LINUX/X86_64", 60),
    LINUX_ARM64("LINUX/ARM64", 60),
    /** Fargate Windows bills at least 15 minutes (reported so by AWS material; configurable prices, fixed minimum). */
    WINDOWS_X86_64("WINDOWS/X86_64", 900);

    private final String label;
    private final long minimumSeconds;

    Platform(String label, long minimumSeconds) {
        this.label = label;
        this.minimumSeconds = minimumSeconds;
    }

    /** As status.usage.platform and the metrics spell it. */
    public String label() {
        return label;
    }

    public long minimumSeconds() {
        return minimumSeconds;
    }

    /** The task definition's runtimePlatform; none means Linux on x86, as on Fargate. Windows on Fargate is x86 only. */
    public static Platform of(EcsTaskDefinition definition) {
        EcsTaskDefinition.RuntimePlatform runtime = definition == null ? null : definition.runtimePlatform;
        if (runtime == null) {
            return LINUX_X86_64;
        }
        if (runtime.operatingSystemFamily != null
                && runtime.operatingSystemFamily.toUpperCase(Locale.ROOT).startsWith("WINDOWS")) {
            return WINDOWS_X86_64;
        }
        return runtime.cpuArchitecture == CpuArchitecture.ARM64 ? LINUX_ARM64 : LINUX_X86_64;
    }
}
