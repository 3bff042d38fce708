package io.woperator.rig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * One part of an end-to-end test's world (a display, a desktop program, the server, a browser, Janus, coturn) as a
 * JUnit 5 extension, made by {@link Rig}. Registered with {@code @RegisterExtension} on a static field it serves
 * every test of the class; on an instance field, each test gets its own. It opens before its class or test,
 * opening the parts it needs first (whatever the order of the fields), and is closed after, once the parts that
 * need it are. When a test fails, what each open part can tell (the server's last log lines, the page's picture) is
 * attached to the failure.
 *
 * @param <T> what the part is
 */
public final class Part<T extends AutoCloseable>
        implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AfterEachCallback,
        TestExecutionExceptionHandler {

    /** Opens the part. */
    @FunctionalInterface
    interface Opener<T> {
        T open() throws Exception;
    }

    /** What an open part says about itself when a test fails, with the name of the test. */
    @FunctionalInterface
    interface Report<T> {
        String of(T part, String test) throws Exception;
    }

    private final String what;
    private final Opener<T> opener;
    private final Report<T> report;
    private final List<Part<?>> needs;
    /** The open parts that were opened on this one: closed before it. */
    private final List<Part<?>> dependents = new ArrayList<>();
    private boolean classWide;
    private T open;

    Part(String what, Opener<T> opener, Report<T> report, Part<?>... needs) {
        this.what = what;
        this.opener = opener;
        this.report = report;
        for (Part<?> need : needs) {
            // a static field read before its initializer ran
            Objects.requireNonNull(need, () -> what + " needs a part declared after it: declare that one first");
        }
        this.needs = List.of(needs);
    }

    /** The part, opened now if it is not yet (a part that needs it opens it first). */
    public synchronized T get() {
        if (open == null) {
            for (Part<?> need : needs) {
                need.get();
                need.addDependent(this);
            }
            try {
                open = opener.open();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(what + " could not be opened: " + e.getMessage(), e);
            }
        }
        return open;
    }

    private synchronized void addDependent(Part<?> dependent) {
        dependents.add(dependent);
    }

    private synchronized void removeDependent(Part<?> dependent) {
        dependents.remove(dependent);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classWide = true;
        get();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        get();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!classWide) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        T part;
        synchronized (this) {
            part = open;
        }
        if (part != null && report != null) {
            String method = context.getRequiredTestMethod().getName();
            String shown = context.getDisplayName();
            // a parameterized test's display name tells its runs apart
            String test = context.getRequiredTestClass().getSimpleName() + "." + method
                    + (shown.startsWith(method + "(") ? "" : "-" + shown.replaceAll("[^A-Za-z0-9_.-]+", "_"));
            try {
                failure.addSuppressed(new PartReport(what + " when the test failed:\n" + report.of(part, test)));
            } catch (Exception e) {
                failure.addSuppressed(new PartReport(what + " could not say more: " + e));
            }
        }
        throw failure;
    }

    /** Closes the parts that need this one, then this one; closing a closed part does nothing. */
    synchronized void close() throws Exception {
        List<Part<?>> first = new ArrayList<>(dependents);
        dependents.clear();
        for (int i = first.size() - 1; i >= 0; i--) {
            first.get(i).close();
        }
        if (open != null) {
            T closing = open;
            open = null;
            // a test's part leaves the class's part it needed: that one outlives it
            needs.forEach(need -> need.removeDependent(this));
            closing.close();
        }
    }

    /** A part's words on a failure, attached to it (no stack trace: it says where nothing failed). */
    static final class PartReport extends Exception {
        PartReport(String message) {
            super(message, null, false, false);
        }
    }
}
