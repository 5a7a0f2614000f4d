package dev.baton.core.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real timer: it fires, and an idle baton holds no timer thread. */
class SystemSchedulerTest {
    static boolean timerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("baton-timer") && t.isAlive());
    }

    static void awaitTimerGone(long deadlineNanos) throws InterruptedException {
        while (timerThreadAlive()) {
            assertTrue(System.nanoTime() < deadlineNanos, "the timer thread outlived its last timer");
            Thread.sleep(20);
        }
    }

    @Test
    @Timeout(30)
    void theTimerThreadEndsWhenNothingIsScheduledAndComesBackForTheNextTimer() throws Exception {
        Scheduler scheduler = Scheduler.system();
        CountDownLatch fired = new CountDownLatch(2);
        scheduler.schedule(Duration.ofMillis(10), fired::countDown);
        scheduler.schedule(Duration.ofHours(1), () -> { }).cancel(); // a cancelled timer keeps nothing alive
        long deadline = System.nanoTime() + Scheduler.IDLE_END.toNanos() + TimeUnit.SECONDS.toNanos(10);
        awaitTimerGone(deadline);
        scheduler.schedule(Duration.ofMillis(10), fired::countDown);
        assertTrue(fired.await(10, TimeUnit.SECONDS), "both timers fired");
        awaitTimerGone(deadline + TimeUnit.SECONDS.toNanos(10));
    }
}
