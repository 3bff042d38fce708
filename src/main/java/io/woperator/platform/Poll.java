package io.woperator.platform;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** Waits for a file descriptor to have something to read: poll(2) through JNA, for sockets Java does not own. */
public final class Poll {

    private static final short POLLIN = 0x1;

    interface LibC extends Library {
        int poll(Pointer fds, long count, int timeoutMillis);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private Poll() {
    }

    /** True when {@code fd} became readable (or hung up) within the timeout, false when the time ran out. */
    public static boolean readable(int fd, int timeoutMillis) {
        // struct pollfd { int fd; short events; short revents; }
        try (Memory pollfd = new Memory(8)) {
            pollfd.setInt(0, fd);
            pollfd.setShort(4, POLLIN);
            pollfd.setShort(6, (short) 0);
            return LIBC.poll(pollfd, 1, timeoutMillis) > 0;
        }
    }
}
