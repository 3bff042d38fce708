package io.woperator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativeGuardTest {

    @Test
    void closingWaitsForTheUseUnderWayAndRefusesLaterOnes() throws Exception {
        NativeGuard guard = new NativeGuard();
        assertTrue(guard.enter(), "a use before closing goes ahead");
        CountDownLatch closingStarted = new CountDownLatch(1);
        AtomicInteger freed = new AtomicInteger();
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> {
            closingStarted.countDown();
            return guard.close(freed::incrementAndGet);
        });
        assertTrue(closingStarted.await(5, TimeUnit.SECONDS));
        // closing has begun: a use that comes now is not made, and never waits for it
        long start = System.nanoTime();
        while (!guard.closing()) {
            Thread.onSpinWait();
        }
        assertFalse(guard.enter(), "a use once closing began");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        assertFalse(closing.isDone(), "closing waits for the use under way");
        assertEquals(0, freed.get(), "nothing freed under a use");
        guard.leave();
        assertTrue(closing.get(5, TimeUnit.SECONDS), "closed once the use left");
        assertEquals(1, freed.get());
        assertFalse(guard.close(freed::incrementAndGet), "closing again does nothing");
        assertEquals(1, freed.get(), "freed once");
        assertFalse(guard.enter(), "a use after closing");
    }
}
