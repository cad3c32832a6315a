package dev.berth.taskdef;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fabric8.kubernetes.api.model.IntOrString;

class TaskSizeTest {

    @ParameterizedTest(name = "cpu {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "256        | 256",
            "' 512 '    | 512",
            "0.25 vCPU  | 256",
            ".5 vcpu    | 512",
            "1 vcpu     | 1024",
            "2vCPU      | 2048",
            "16 VCPU    | 16384",
    })
    void cpuStrings(String text, int units) {
        assertThat(TaskSize.cpuUnits(new IntOrString(text))).contains(units);
    }

    @ParameterizedTest(name = "memory {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "512     | 512",
            "1 GB    | 1024",
            "1GB     | 1024",
            "0.5 gb  | 512",
            "30 GB   | 30720",
    })
    void memoryStrings(String text, int mib) {
        assertThat(TaskSize.memoryMiB(new IntOrString(text))).contains(mib);
    }

    @ParameterizedTest
    @CsvSource({ "1 core", "abc", "1.5.2 vCPU", "-256", "256 MB" })
    void malformedCpuIsEmpty(String text) {
        assertThat(TaskSize.cpuUnits(new IntOrString(text))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "512 MiB", "1 TB", "GB", "2147483648", "99999999999999999999", "2097152 GB" })
    void malformedOrBeyondAnIntMemoryIsEmpty(String text) {
        assertThat(TaskSize.memoryMiB(new IntOrString(text))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "256, true", "300, true", "128, true", "127, false", "16384, true", "196608, true", "196609, false" })
    void validCpuValues(int units, boolean valid) {
        assertThat(TaskSize.isValidCpu(units)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({ "5, false", "6, true", "64, true", "512, true", "122881, true" })
    void validMemoryRange(int mib, boolean valid) {
        assertThat(TaskSize.isValidMemory(mib)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0}/{1} fargate={2}")
    @CsvSource({
            "256, 512, true", "256, 2048, true", "256, 3072, false", "256, 1536, false",
            "512, 1024, true", "512, 4096, true", "512, 512, false", "512, 5120, false",
            "1024, 2048, true", "1024, 8192, true", "1024, 9216, false",
            "2048, 16384, true", "2048, 3072, false",
            "4096, 30720, true", "4096, 31744, false",
            "8192, 16384, true", "8192, 20480, true", "8192, 17408, false", "8192, 65536, false",
            "16384, 32768, true", "16384, 122880, true", "16384, 36864, false",
            "300, 512, false",
    })
    void fargatePairs(int cpu, int memory, boolean valid) {
        assertThat(new TaskSize(cpu, memory).isFargatePair()).isEqualTo(valid);
    }

    @ParameterizedTest
    // the last two overflowed int arithmetic into negative quantities (found by TranslationPropertyTest: a container
    // override's cpu has no upper bound in the Task CRD)
    @CsvSource({ "256, 250m", "1024, 1000m", "100, 98m", "1, 1m", "0, 0m", "1386106723, 1353619847m",
            "2147483647, 2097152000m" })
    void cpuQuantities(int units, String quantity) {
        assertThat(TaskSize.cpuQuantity(units)).isEqualTo(quantity);
    }
}
