package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.CapacityProviderStrategyItem;

class CapacitySplitterTest {

    static final List<CapacityProviderStrategyItem> BASE_2_THEN_1_TO_3 = List.of(
            new CapacityProviderStrategyItem("FARGATE", 1, 2), new CapacityProviderStrategyItem("FARGATE_SPOT", 3, 0));

    @Test
    void baseFirstThenTheRestByWeight() {
        List<String> assigned = CapacitySplitter.assign(BASE_2_THEN_1_TO_3, Map.of(), 10);

        assertThat(assigned).containsExactly("FARGATE", "FARGATE", "FARGATE_SPOT", "FARGATE_SPOT", "FARGATE",
                "FARGATE_SPOT", "FARGATE_SPOT", "FARGATE_SPOT", "FARGATE", "FARGATE_SPOT");
        assertThat(count(assigned)).isEqualTo(Map.of("FARGATE", 4, "FARGATE_SPOT", 6));
    }

    @ParameterizedTest(name = "{0} FARGATE + {1} SPOT already, {2} new -> {3} FARGATE, {4} SPOT")
    @CsvSource({
            "0, 0, 1, 1, 0",
            "0, 0, 2, 2, 0",
            "0, 0, 6, 3, 3",
            "2, 0, 4, 1, 3",
            "0, 5, 3, 3, 0",
            "4, 6, 4, 1, 3"
    })
    void continuesFromWhatEachProviderHolds(int fargate, int spot, int newTasks, int newFargate, int newSpot) {
        List<String> assigned = CapacitySplitter.assign(BASE_2_THEN_1_TO_3,
                Map.of("FARGATE", fargate, "FARGATE_SPOT", spot), newTasks);

        Map<String, Integer> counts = count(assigned);
        assertThat(counts.getOrDefault("FARGATE", 0)).isEqualTo(newFargate);
        assertThat(counts.getOrDefault("FARGATE_SPOT", 0)).isEqualTo(newSpot);
        assertThat(assigned).hasSize(newTasks);
    }

    @Test
    void weightZeroProviderGetsOnlyItsBase() {
        List<CapacityProviderStrategyItem> strategy = List.of(new CapacityProviderStrategyItem("FARGATE", 0, 1),
                new CapacityProviderStrategyItem("FARGATE_SPOT", 1, 0));

        assertThat(CapacitySplitter.assign(strategy, Map.of(), 4)).containsExactly("FARGATE", "FARGATE_SPOT",
                "FARGATE_SPOT", "FARGATE_SPOT");
    }

    @Test
    void equalWeightsAlternateInStrategyOrder() {
        List<CapacityProviderStrategyItem> strategy = List.of(new CapacityProviderStrategyItem("FARGATE_SPOT", 1, 0),
                new CapacityProviderStrategyItem("FARGATE", 1, 0));

        assertThat(CapacitySplitter.assign(strategy, Map.of(), 3)).containsExactly("FARGATE_SPOT", "FARGATE",
                "FARGATE_SPOT");
    }

    private static Map<String, Integer> count(List<String> assigned) {
        return assigned.stream().collect(Collectors.toMap(p -> p, p -> 1, Integer::sum));
    }
}
