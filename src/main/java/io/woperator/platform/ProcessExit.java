package io.woperator.platform;

import com.sun.jna.Function;

/**
 * Ends the process once everything it made is closed, without running C++ static destructors. webrtc-java 0.14
 * keeps references to Java classes in static objects of its library and releases them from their destructors, which
 * run at exit after the JVM is gone: each would print "VM attach current thread failed" and "Failed to attach thread …"
 * on every stop. What those destructors free belongs to the ending process anyway.
 */
public final class ProcessExit {

    private ProcessExit() {
    }

    /** Flushes standard output and error, then ends the process with {@code status} at once. */
    public static void now(int status) {
        System.out.flush();
        System.err.flush();
        try {
            Function.getFunction("c", "_exit").invokeVoid(new Object[] {status});
        } catch (UnsatisfiedLinkError e) {
            Runtime.getRuntime().halt(status);
        }
    }
}
