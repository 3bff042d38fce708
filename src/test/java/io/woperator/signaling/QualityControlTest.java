package io.woperator.signaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.config.VideoCodec;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.ViewerMessage;
import io.woperator.session.CaptureRate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityControlTest {

    private final List<Integer> captureRates = new ArrayList<>();
    private final CaptureRate captureRate = new CaptureRate(30, captureRates::add);
    private final ScreenNegotiationTest.FakePeer peer = new ScreenNegotiationTest.FakePeer();
    private final QualityControl quality = new QualityControl("v1",
            new ViewerMessage.Quality("vp8", 8000, 30, 1.0), captureRate, true);

    @Test
    void bitrateRateAndScaleApplyAtOnceAndTheRestStays() throws ProtocolException {
        quality.joined();
        assertFalse(quality.change(new ViewerMessage.Quality(null, 300, 60, 2.0), peer), "same codec: no new offer");
        assertArrayEquals(new int[] {300, 60, 2}, peer.encoding);
        assertEquals(new ViewerMessage.Quality("vp8", 300, 60, 2.0), quality.current());
        assertEquals(List.of(60), captureRates, "capture follows the fastest viewer");
        quality.left();
        assertEquals(List.of(60, 30), captureRates);
    }

    @Test
    void aNewCodecAsksForANewOffer() throws ProtocolException {
        assertTrue(quality.change(new ViewerMessage.Quality("h264", null, null, null), peer));
        assertEquals(VideoCodec.H264, peer.preferred);
        assertEquals("h264", quality.current().codec());
        assertCode(ErrorCode.INVALID_MESSAGE, new ViewerMessage.Quality("mpeg2", null, null, null));
        assertCode(ErrorCode.INVALID_MESSAGE, new ViewerMessage.Quality("av1", null, null, null));
        assertEquals("h264", quality.current().codec(), "a refused change changes nothing");
    }

    @Test
    void changesAreLimitedAndRefusedEncodingsSaid() throws ProtocolException {
        peer.refuseEncoding = true;
        assertCode(ErrorCode.INTERNAL, new ViewerMessage.Quality(null, 500, null, null));
        peer.refuseEncoding = false;
        for (int i = 0; i < 4; i++) {
            quality.change(new ViewerMessage.Quality(null, 500 + i, null, null), peer);
        }
        assertCode(ErrorCode.INVALID_MESSAGE, new ViewerMessage.Quality(null, 900, null, null));
        assertEquals(503, quality.current().maxBitrateKbps());
    }

    @Test
    void aStreamOfSoundOnlyHasNoPictureToChange() {
        QualityControl sound = new QualityControl("v2", new ViewerMessage.Quality("vp8", 8000, 30, 1.0), captureRate,
                false);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> sound.change(new ViewerMessage.Quality(null, 500, null, null), peer));
        assertEquals(ErrorCode.INVALID_MESSAGE, e.code());
    }

    private void assertCode(ErrorCode code, ViewerMessage.Quality asked) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> quality.change(asked, peer));
        assertEquals(code, e.code(), e.getMessage());
    }
}
