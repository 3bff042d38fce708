package io.woperator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogBudgetTest {

    @Test
    void logsUpToItsBudgetAndCountsTheRest() {
        LogBudget budget = new LogBudget(LoggerFactory.getLogger(LogBudgetTest.class), "test lines", 5);
        AtomicInteger logged = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            budget.note(logged::incrementAndGet);
        }
        assertEquals(5, logged.get());
        assertEquals(995, budget.leftOut());
    }
}
