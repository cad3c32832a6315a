package dev.berth.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Samples a value on its own thread, continuously, until stopped. {@link #stop()} fails the test when a sample threw
 * (the thread does not die silently, leaving a bound checked against the samples from before) or when the samples
 * have a gap longer than {@link #MAX_GAP}: what a test asserts over them then holds for the whole window.
 */
public final class Sampler<T> implements AutoCloseable {

    /** Longest pause between two samples (or the window's ends) that still counts as watching. */
    static final Duration MAX_GAP = Duration.ofSeconds(5);

    public record Sample<T>(Instant at, T value) {
    }

    private final String what;
    private final List<Sample<T>> samples = new CopyOnWriteArrayList<>();
    private final Thread thread;
    /** What ended the thread before {@link #halt()} (an interrupt too): sampling that stops early fails the test. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Instant started = Instant.now();
    private volatile boolean running = true;

    private Sampler(String what, Duration interval, Supplier<T> sample) {
        this.what = what;
        thread = new Thread(() -> {
            do {
                try {
                    T value = sample.get();
                    samples.add(new Sample<>(Instant.now(), value));
                    Thread.sleep(interval.toMillis());
                } catch (Throwable e) {
                    if (running) {
                        failure.compareAndSet(null, e);
                    }
                    return;
                }
            } while (running);
        }, "sampler-" + what);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sampling {@code sample} every {@code interval} (plus the time a sample takes). */
    public static <T> Sampler<T> every(Duration interval, String what, Supplier<T> sample) {
        return new Sampler<>(what, interval, sample);
    }

    /**
     * Stops sampling and returns the samples, in order.
     *
     * @throws AssertionError when a sample failed or the window has a gap longer than {@link #MAX_GAP}
     */
    public List<Sample<T>> stop() {
        Instant stopped = Instant.now();
        halt();
        if (failure.get() != null) {
            throw new AssertionError("sampling " + what + " failed: " + failure.get(), failure.get());
        }
        if (samples.isEmpty()) {
            throw new AssertionError("sampling " + what + " took no sample at all");
        }
        Instant previous = started;
        for (Sample<T> sample : samples) {
            assertNoGap(previous, sample.at());
            previous = sample.at();
        }
        assertNoGap(previous, stopped);
        return List.copyOf(samples);
    }

    /** The sampled values, after {@link #stop()}'s checks. */
    public List<T> stopValues() {
        return stop().stream().map(Sample::value).toList();
    }

    /** For {@code finally}/try-with-resources: stops the thread without the checks (the test already failed). */
    @Override
    public void close() {
        halt();
    }

    private void halt() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void assertNoGap(Instant from, Instant to) {
        if (Duration.between(from, to).compareTo(MAX_GAP) > 0) {
            throw new AssertionError("sampling " + what + " was not continuous: no sample between " + from + " and " + to
                    + " (" + samples.size() + " samples)");
        }
    }
}
