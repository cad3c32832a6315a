package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsTest {

    @ParameterizedTest(name = "{0} -> median {1}, p50 {2}, p99 {3}, min {4}, max {5}")
    @CsvSource(delimiter = '|', value = {
            "5            | 5   | 5 | 5  | 5 | 5",
            "1 2          | 1.5 | 1 | 2  | 1 | 2",
            "3 1 2        | 2   | 2 | 3  | 1 | 3",
            "10 9 8 7 6 5 4 3 2 1 | 5.5 | 5 | 10 | 1 | 10",
    })
    void summarises(String values, double median, double p50, double p99, double min, double max) {
        Stats stats = Stats.of(List.of(values.trim().split(" +")).stream().map(Double::parseDouble).toList());
        assertThat(stats).isEqualTo(new Stats(values.trim().split(" +").length, median, p50, p99, min, max));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "1 2 3 | 2.0 (1.0–3.0)", "4 | 4.0" })
    void medianAndSpread(String values, String expected) {
        assertThat(Stats.of(List.of(values.trim().split(" +")).stream().map(Double::parseDouble).toList())
                .medianAndSpread(1)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void p99OfHundredIsTheNinetyNinthValue() {
        List<Integer> values = java.util.stream.IntStream.rangeClosed(1, 100).boxed().toList();
        assertThat(Stats.of(values).p99()).isEqualTo(99);
        assertThat(Stats.of(List.of()).medianAndSpread(1)).isEqualTo("–");
    }
}
