package dev.berth.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.ServiceAutoScaling.Statistic;
import dev.berth.autoscaling.MetricSample.ServiceValue;
import dev.berth.autoscaling.MetricSample.Unavailable;

class PrometheusReaderTest {

    static final String TWO_SERIES = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"instance":"a"},"value":[1700000000.1,"30"]},
              {"metric":{"instance":"b"},"value":[1700000000.1,"10"]}]}}""";

    @Test
    void seriesAreSummedOrAveraged() {
        assertThat(PrometheusReader.parse(200, TWO_SERIES, Statistic.Sum, 2))
                .isEqualTo(new ServiceValue(40, Statistic.Sum, 2));
        assertThat(PrometheusReader.parse(200, TWO_SERIES, Statistic.Average, 2))
                .isEqualTo(new ServiceValue(20, Statistic.Average, 2));
    }

    @Test
    void aScalarIsAValue() {
        String scalar = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"7.5\"]}}";
        assertThat(PrometheusReader.parse(200, scalar, Statistic.Average, 1))
                .isEqualTo(new ServiceValue(7.5, Statistic.Average, 1));
    }

    @Test
    void noSeriesNaNAndErrorsAreUnavailableWithPrometheusMessage() {
        String empty = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
        assertThat(PrometheusReader.parse(200, empty, Statistic.Sum, 1)).isInstanceOfSatisfying(Unavailable.class,
                u -> assertThat(u.message()).contains("no series"));
        String nan = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"NaN\"]}]}}";
        assertThat(PrometheusReader.parse(200, nan, Statistic.Sum, 1)).isInstanceOf(Unavailable.class);
        String error = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unexpected end of input\"}";
        assertThat(PrometheusReader.parse(400, error, Statistic.Sum, 1)).isInstanceOfSatisfying(Unavailable.class, u -> {
            assertThat(u.reason()).isEqualTo("FailedGetPrometheusMetric");
            assertThat(u.message()).isEqualTo("PromQL error (bad_data): 1:5: parse error: unexpected end of input");
        });
        String matrix = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
        assertThat(PrometheusReader.parse(200, matrix, Statistic.Sum, 1)).isInstanceOfSatisfying(Unavailable.class,
                u -> assertThat(u.message()).contains("returns a matrix"));
        assertThat(PrometheusReader.parse(502, "<html>bad gateway</html>", Statistic.Sum, 1)).isInstanceOf(Unavailable.class);
    }

    @Test
    void withoutAConfiguredServerNothingIsQueried() {
        MetricSample sample = new PrometheusReader(Optional.empty(), java.time.Duration.ofSeconds(1)).read("up",
                Statistic.Sum, 1);
        assertThat(sample).isInstanceOfSatisfying(Unavailable.class,
                u -> assertThat(u.message()).contains("berth.autoscaling.prometheus-url"));
    }
}
