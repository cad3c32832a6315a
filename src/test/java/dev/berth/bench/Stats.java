package dev.berth.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Summary of repeated measurements: median, nearest-rank p50/p99, min and max (the spread). Pure; shared by every
 * {@code *Bench} (numbers are reported, never asserted).
 */
public record Stats(int n, double median, double p50, double p99, double min, double max) {

    public static Stats of(Collection<? extends Number> values) {
        if (values.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(values.stream().map(Number::doubleValue).toList());
        sorted.sort(null);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(n, median, percentile(sorted, 50), percentile(sorted, 99), sorted.get(0), sorted.get(n - 1));
    }

    /** Nearest-rank percentile of sorted values: the smallest value with at least p % of the values at or below it. */
    static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** "12.3 (10.1–15.0)": the median and the min–max spread, or only the value for one measurement. */
    public String medianAndSpread(int decimals) {
        if (n == 0) {
            return "–";
        }
        return n == 1 ? format(median, decimals)
                : format(median, decimals) + " (" + format(min, decimals) + "–" + format(max, decimals) + ")";
    }

    public static String format(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
