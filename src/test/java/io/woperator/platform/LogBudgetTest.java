package io.woperator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogBudgetTest {

    private final Logger log = (Logger) LoggerFactory.getLogger(LogBudgetTest.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong now = new AtomicLong();
    private final LogBudget budget = new LogBudget(log, "test lines", 5, now::get);

    LogBudgetTest() {
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void detach() {
        log.detachAppender(lines);
    }

    @Test
    void logsUpToItsBudgetAndCountsTheRest() {
        AtomicInteger logged = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            budget.note(logged::incrementAndGet);
        }
        assertEquals(5, logged.get());
        assertEquals(995, budget.leftOut());
        assertEquals(List.of("More test lines than 5 this minute: the rest are counted, not logged one by one"),
                said());
    }

    @Test
    void theNextMinuteStartsWithHowManyWereLeftOut() {
        for (int i = 0; i < 1000; i++) {
            budget.note(() -> log.warn("a line"));
        }
        lines.list.clear();
        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        budget.note(() -> log.warn("a line a minute later"));
        assertEquals(List.of("995 more test lines in the minute before, not logged one by one",
                "a line a minute later"), said());
        assertEquals(0, budget.leftOut());
    }

    @Test
    void aQuietMinuteSaysNothingMore() {
        budget.note(() -> log.warn("a line"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        budget.note(() -> log.warn("another"));
        assertEquals(List.of("a line", "another"), said());
    }

    private List<String> said() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
