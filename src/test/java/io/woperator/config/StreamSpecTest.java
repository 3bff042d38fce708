package io.woperator.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.protocol.StreamSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamSpecTest {

    @Test
    void parsesTheCommandLineForm() {
        StreamSpec spec = StreamSpec.parse("id=cam1,kind=v4l2,device=/dev/video0,size=1280x720,fps=30,format=mjpeg,"
                + "description=Front camera");
        assertEquals("cam1", spec.id());
        assertEquals("Front camera", spec.title());
        assertEquals("v4l2", spec.source().kind());
        assertEquals("/dev/video0", spec.source().device());
        assertArrayEquals(new int[] {1280, 720}, spec.source().dimensions());
        assertEquals(30, spec.source().fps());
        assertEquals("mjpeg", spec.source().format());
        assertNull(spec.source().soundSource());
        assertTrue(spec.source().hasVideo());
    }

    @Test
    void soundOnlyAndAttachedSound() {
        StreamSpec pulse = StreamSpec.parse("id=radio,kind=pulse");
        assertEquals("@DEFAULT_MONITOR@", pulse.source().soundSource());
        assertEquals(false, pulse.source().hasVideo());
        StreamSpec desk = StreamSpec.parse("id=lab,kind=x11,display=:3,region=640x480+10+20,audio=@DEFAULT_MONITOR@");
        assertEquals("@DEFAULT_MONITOR@", desk.source().soundSource());
        assertEquals("lab", desk.title());
    }

    @Test
    void refusesWhatCannotBeStreamed() {
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("kind=x11"), "no id");
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=../x,kind=x11"), "id with a path");
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=hologram"));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=v4l2"), "camera without device");
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=v4l2,device=/etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=v4l2,device=/dev/../etc/x"));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=x11,size=640x480"));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=test-pattern,size=10x10"));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=test-pattern,fps=0"));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=test-pattern,fps=many"));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=x11,display=nope"));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=x11,colour=red"));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,id=b,kind=x11"));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.parse("id=a,kind=x11,audio=$(rm -rf)"));
    }

    @Test
    void streamsComeFromFlagsOrTheEnvironment() {
        StringWriter err = new StringWriter();
        Parsed<Settings> outcome = CommandLineOptions.parse(new String[] {
            "--stream", "id=a,kind=test-pattern", "--stream", "id=b,kind=x11,display=:2"}, Map.of(),
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        Settings settings = ((Parsed.Run<Settings>) outcome).settings();
        assertEquals(2, settings.streams().size());
        assertEquals(":2", settings.streams().get(1).source().display());

        outcome = CommandLineOptions.parse(new String[0], Map.of("WOPERATOR_STREAMS",
                "id=a,kind=test-pattern;id=c,kind=pulse"), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, ((Parsed.Run<Settings>) outcome).settings().streams().size());

        outcome = CommandLineOptions.parse(new String[] {"--stream", "id=a,kind=test-pattern", "--stream",
            "id=a,kind=x11"}, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, ((Parsed.Exit<Settings>) outcome).code());
        assertTrue(err.toString().contains("same id"), err.toString());
    }

    @Test
    void withoutStreamsTheDefaultIsTheDesktop() {
        Parsed<Settings> outcome = CommandLineOptions.parse(new String[] {"--region", "800x600+0+0"},
                Map.of("DISPLAY", ":7"), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Settings settings = ((Parsed.Run<Settings>) outcome).settings();
        StreamSpec desktop = settings.defaultStream(VideoSourceKind.X11);
        assertEquals("desktop", desktop.id());
        assertEquals(":7", desktop.source().display());
        assertEquals("800x600+0+0", desktop.source().region());
        assertEquals("@DEFAULT_MONITOR@", desktop.source().soundSource());
        assertEquals("test-pattern", settings.defaultStream(VideoSourceKind.TEST_PATTERN).source().kind());
    }
}
