package io.woperator.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.woperator.config.VideoCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The binary messages a picture travels in on the data channel "frames", as web/js/direct-render.js reads them. */
class FrameChannelTest {

    @Test
    void aLargePictureGoesInPiecesWithTheLastMarked() {
        byte[] picture = new byte[2 * FrameChannel.PIECE_BYTES + 1234];
        new Random(7).nextBytes(picture);
        List<ByteBuffer> pieces = FrameChannel.pieces(picture, true, VideoCodec.H264, 42);
        assertEquals(3, pieces.size());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < pieces.size(); i++) {
            ByteBuffer piece = pieces.get(i);
            boolean last = i == pieces.size() - 1;
            assertEquals(last ? 3 : 1, piece.get(0), "flags: keyframe, and last piece on the last");
            assertEquals(2, piece.get(1), "codec number of H.264");
            assertEquals(0, piece.getShort(2));
            assertEquals(42, piece.getInt(4), "the picture's number");
            assertEquals(picture.length, piece.getInt(8), "the picture's whole size");
            byte[] payload = new byte[piece.remaining() - FrameChannel.HEADER_BYTES];
            piece.position(FrameChannel.HEADER_BYTES).get(payload);
            joined.writeBytes(payload);
        }
        assertArrayEquals(picture, joined.toByteArray(), "the pieces' bytes make the picture");
    }

    @Test
    void aSmallDeltaGoesInOnePiece() {
        List<ByteBuffer> pieces = FrameChannel.pieces(new byte[] {9, 8, 7}, false, VideoCodec.VP8, 1);
        assertEquals(1, pieces.size());
        ByteBuffer piece = pieces.get(0);
        assertEquals(FrameChannel.HEADER_BYTES + 3, piece.remaining());
        assertEquals(2, piece.get(0), "not a keyframe, the last piece");
        assertEquals(0, piece.get(1), "codec number of VP8");
        assertEquals(9, piece.get(FrameChannel.HEADER_BYTES));
    }
}
