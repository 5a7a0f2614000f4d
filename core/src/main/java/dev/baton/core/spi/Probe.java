package dev.baton.core.spi;

import java.time.Duration;

/**
 * One generation's check, as a plugin writes it: baton calls {@link #attempt} again and again,
 * pausing between attempts, until the attempts pass as the check's policy requires
 * ({@code successes}, {@code failures_allowed}), the child exits, or the flip's deadline passes.
 * Part of the health-check SPI, version 1.
 *
 * <p>Lifecycle, each step once and in this order:
 * <ol>
 *   <li>{@link #prepare(ChildLaunch)} before the child is spawned, on baton's supervisor thread;</li>
 *   <li>{@link #started(long)} right after the spawn, on that thread;</li>
 *   <li>{@link #attempt} and {@link #pause} alternately, on a thread of the check's own, which baton
 *       interrupts when it gives up on the child;</li>
 *   <li>{@link #close()}, always, whatever happened before, on the check's thread.</li>
 * </ol>
 * Keep {@code prepare} and {@code started} short: they run on the thread that handles signals.
 */
public interface Probe extends AutoCloseable {

    /** May add environment variables for the child, e.g. the address of a socket to report to. */
    default void prepare(ChildLaunch launch) {
    }

    default void started(long childPid) {
    }

    /**
     * Asks once. Must return within about {@code timeout}; must not retry by itself.
     *
     * @throws CheckFailedException when the check knows it can never pass for this child
     * @throws InterruptedException when baton gives up on the child
     */
    Attempt attempt(CheckContext context, Duration timeout) throws InterruptedException, CheckFailedException;

    /**
     * Waits before the next attempt: {@code interval} by default. A check that learns of changes by
     * events (a message from the child) may return as soon as one arrives.
     */
    default void pause(Duration interval) throws InterruptedException {
        if (!interval.isZero()) {
            Thread.sleep(interval.toMillis(), (int) (interval.toNanos() % 1_000_000));
        }
    }

    @Override
    default void close() {
    }
}
