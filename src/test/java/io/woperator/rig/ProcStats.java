package io.woperator.rig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (user+sys) and resident memory of a process, read from /proc. */
public record ProcStats(long cpuMillis, long rssKb) {
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    public static ProcStats of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            long rssKb = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new ProcStats(ticks * 1000 / CLOCK_TICKS_PER_SECOND, rssKb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
