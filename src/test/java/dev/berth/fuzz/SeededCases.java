package dev.berth.fuzz;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Property tests without a framework: each case draws from its own seeded {@link Random}, so a failure is replayed from
 * the seed it prints. {@code -Dfuzz.seed=N} replays a whole run, {@code -Dfuzz.case=N} one case, {@code -Dfuzz.cases=N}
 * changes how many cases run. Not {@code berth.*} keys on purpose: unknown {@code berth.} keys fail the Quarkus tests.
 */
public final class SeededCases {

    private SeededCases() {
    }

    /**
     * Runs {@code property} on {@code defaultCases} cases; a failure is rethrown naming the seeds that replay it.
     *
     * @return how many cases ran (1 when {@code -Dfuzz.case} replays one), for checks of what the run covered
     */
    public static int check(String name, int defaultCases, Consumer<Random> property) {
        Long oneCase = Long.getLong("fuzz.case");
        if (oneCase != null) {
            run(name, oneCase, "case seed " + oneCase, property);
            return 1;
        }
        long runSeed = Long.getLong("fuzz.seed", new Random().nextLong());
        int cases = Integer.getInteger("fuzz.cases", defaultCases);
        Random seeds = new Random(runSeed);
        for (int i = 0; i < cases; i++) {
            run(name, seeds.nextLong(), "case " + i + " of run seed " + runSeed + " (-Dfuzz.seed=" + runSeed + ")", property);
        }
        System.out.println("[fuzz] " + name + ": " + cases + " cases passed (-Dfuzz.seed=" + runSeed + ")");
        return cases;
    }

    private static void run(String name, long caseSeed, String where, Consumer<Random> property) {
        try {
            property.accept(new Random(caseSeed));
        } catch (Throwable failure) {
            throw new AssertionError(name + " failed on " + where + "; replay this case alone with -Dfuzz.case=" + caseSeed
                    + ": " + failure, failure);
        }
    }
}
