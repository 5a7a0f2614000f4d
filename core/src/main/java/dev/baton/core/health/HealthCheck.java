package dev.baton.core.health;

import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckFailedException;
import dev.baton.core.spi.ChildLaunch;

import java.util.Optional;

/**
 * One generation's check, as the supervisor runs it (not part of the plugin SPI: plugins write a
 * {@link dev.baton.core.spi.Probe}). Lifecycle, each called once and in this order, from the
 * supervisor's threads:
 * <ol>
 *   <li>{@link #prepare(ChildLaunch)} before the child is spawned, on the supervisor loop;</li>
 *   <li>{@link #started(long)} right after the spawn, on the supervisor loop;</li>
 *   <li>{@link #await(CheckContext)} on a thread of its own, which the supervisor interrupts when
 *       the child exits or the deadline passes;</li>
 *   <li>{@link #close()}, always, whatever happened before.</li>
 * </ol>
 */
public interface HealthCheck extends AutoCloseable {

    /** May add environment variables for the child. */
    default void prepare(ChildLaunch launch) {
    }

    default void started(long childPid) {
    }

    /**
     * Blocks until the child is healthy and then returns. Must not busy-loop.
     *
     * @throws CheckFailedException when the check knows it can never pass
     * @throws InterruptedException when the supervisor gives up on it
     */
    void await(CheckContext context) throws InterruptedException, CheckFailedException;

    /** The latest failure it logged, for the message of a flip that fails at its deadline. Any thread. */
    default Optional<String> lastFailure() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
