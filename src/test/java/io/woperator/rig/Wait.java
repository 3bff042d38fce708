package io.woperator.rig;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or time runs out: for state in another process that cannot be awaited. */
public final class Wait {
    private Wait() {
    }

    public static boolean until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
