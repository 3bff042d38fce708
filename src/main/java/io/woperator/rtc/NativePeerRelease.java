package io.woperator.rtc;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.internal.NativeObject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes peer connections and frees their native objects, which webrtc-java 0.14 (and 0.15) never does: it keeps
 * the references libwebrtc gave it when the peer, its transceivers and the senders of {@code addTrack} were made,
 * and {@code close()} only stops the peer, so every viewer session since start stayed allocated.
 *
 * <p>Each reference is dropped by calling the object's {@code Release()}: libwebrtc's {@code PeerConnectionInterface},
 * {@code RtpTransceiverInterface} and {@code RtpSenderInterface} have {@code RefCountInterface} as their first
 * base, whose virtual functions are {@code AddRef} and {@code Release}, in that order, so the Itanium C++ ABI puts
 * {@code Release} in the second slot of the object's vtable. The Java objects' handles are set to 0 first ({@code close()} does it for the peer), so
 * a later Java call fails cleanly instead of reaching freed memory. Before each call the vtable is checked: both
 * slots must point into the executable code of webrtc-java's library; if they do not (another build, another ABI),
 * nothing is released from then on and this says so once. {@code --no-release-native-peers} turns it off.
 *
 * <p>It runs only on the webrtc-java version it was verified on, as the library's own Maven metadata names it: a
 * later webrtc-java releases the peer in {@code close()} itself (its main branch already does), and releasing it
 * here as well would free it twice.
 */
final class NativePeerRelease {

    private static final Logger LOG = LoggerFactory.getLogger(NativePeerRelease.class);
    /** The native library's file as webrtc-java's loader writes it, seen in the process's memory map. */
    private static final String LIBRARY = "libwebrtc-java-";
    /** The webrtc-java versions whose {@code close()} keeps the native peer, and on which this was checked. */
    static final Set<String> VERIFIED_VERSIONS = Set.of("0.14.0");
    /** Where webrtc-java's jar (and so the shaded one) names its version. */
    private static final String LIBRARY_METADATA = "/META-INF/maven/dev.onvoid.webrtc/webrtc-java/pom.properties";
    /** libwebrtc's RefCountReleaseStatus::kDroppedLastRef. */
    private static final int DROPPED_LAST_REFERENCE = 0;

    private final VarHandle handle;
    private final List<CodeRange> libraryCode;
    private final AtomicLong freed = new AtomicLong();
    private volatile boolean enabled;

    private record CodeRange(long start, long end) {
        boolean contains(long address) {
            return address >= start && address < end;
        }
    }

    private NativePeerRelease(boolean enabled, VarHandle handle, List<CodeRange> libraryCode) {
        this.enabled = enabled;
        this.handle = handle;
        this.libraryCode = libraryCode;
    }

    /** Call after webrtc-java's library is loaded (after the first PeerConnectionFactory). */
    static NativePeerRelease create(boolean wanted) {
        return create(wanted, libraryVersion());
    }

    /** As {@link #create(boolean)}, for the webrtc-java version given (null: not known). */
    static NativePeerRelease create(boolean wanted, String libraryVersion) {
        if (!wanted) {
            LOG.info("Closed peer connections keep their native memory (--no-release-native-peers)");
            return new NativePeerRelease(false, null, List.of());
        }
        if (libraryVersion == null || !VERIFIED_VERSIONS.contains(libraryVersion)) {
            LOG.info("Closed peer connections are left to webrtc-java {} to free: releasing them ourselves was "
                    + "verified on webrtc-java {} only, and a later version frees them in close() itself",
                    libraryVersion == null ? "(version unknown)" : libraryVersion, String.join(", ", VERIFIED_VERSIONS));
            return new NativePeerRelease(false, null, List.of());
        }
        try {
            VarHandle handle = MethodHandles.privateLookupIn(dev.onvoid.webrtc.internal.NativeObject.class,
                    MethodHandles.lookup()).findVarHandle(dev.onvoid.webrtc.internal.NativeObject.class,
                            "nativeHandle", long.class);
            List<CodeRange> code = libraryCode(Path.of("/proc/self/maps"));
            if (code.isEmpty()) {
                LOG.warn("Closed peer connections keep their native memory: webrtc-java's library is not in "
                        + "/proc/self/maps");
                return new NativePeerRelease(false, null, List.of());
            }
            return new NativePeerRelease(true, handle, code);
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            LOG.warn("Closed peer connections keep their native memory: {}", e.toString());
            return new NativePeerRelease(false, null, List.of());
        }
    }

    /**
     * Closes the connection and, where it can, frees its native object and those made on it that webrtc-java holds
     * a reference to (transceivers from {@code addTransceiver}, senders from {@code addTrack}).
     */
    void close(RTCPeerConnection connection, List<? extends NativeObject> madeOnIt) {
        long address = enabled ? (long) handle.get(connection) : 0;
        connection.close();
        if (address == 0) {
            return;
        }
        if (release(address)) {
            freed.incrementAndGet();
        }
        for (NativeObject object : madeOnIt) {
            release(object);
        }
    }

    /** Closes a connection that made no transceivers of its own (the microphone's: the browser offers them). */
    void close(RTCPeerConnection connection) {
        close(connection, List.of());
    }

    /** Whether closed peers' native objects are released here. */
    boolean enabled() {
        return enabled;
    }

    /** webrtc-java's version as its own jar says it, or null where it does not. */
    static String libraryVersion() {
        try (InputStream in = RTCPeerConnection.class.getResourceAsStream(LIBRARY_METADATA)) {
            if (in == null) {
                return null;
            }
            Properties metadata = new Properties();
            metadata.load(in);
            return metadata.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    /** Native peer connections freed since start. */
    long freed() {
        return freed.get();
    }

    private void release(NativeObject object) {
        if (!enabled) {
            return;
        }
        long address = (long) handle.getAndSet(object, 0L);
        if (address != 0) {
            release(address);
        }
    }

    /** Drops one reference; true when it was the last. */
    private boolean release(long address) {
        Pointer object = new Pointer(address);
        Pointer vtable = object.getPointer(0);
        Pointer addRef = vtable.getPointer(0);
        Pointer release = vtable.getPointer(Native.POINTER_SIZE);
        if (!inLibrary(Pointer.nativeValue(addRef)) || !inLibrary(Pointer.nativeValue(release))) {
            enabled = false;
            LOG.warn("Closed peer connections keep their native memory from now on: the peer's vtable does not "
                    + "point into webrtc-java's code, so this build is not the one this release was written for");
            return false;
        }
        return Function.getFunction(release).invokeInt(new Object[] {object}) == DROPPED_LAST_REFERENCE;
    }

    private boolean inLibrary(long address) {
        for (CodeRange range : libraryCode) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The executable mappings of webrtc-java's library, from lines like "7f..-7f.. r-xp ... /tmp/libwebrtc-java-…". */
    private static List<CodeRange> libraryCode(Path maps) throws IOException {
        return Files.readAllLines(maps).stream()
                .map(line -> line.split("\\s+", 6))
                .filter(f -> f.length == 6 && f[1].indexOf('x') >= 0 && f[5].contains(LIBRARY))
                .map(f -> {
                    String[] range = f[0].split("-");
                    return new CodeRange(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16));
                })
                .toList();
    }
}
