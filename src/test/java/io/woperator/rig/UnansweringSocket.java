package io.woperator.rig;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket to the server's /ws written by hand, for what no library client does: it sends what it is told and
 * reads what comes, but never answers a ping, as a viewer whose network went away (a half-open connection) looks
 * to the server.
 */
public final class UnansweringSocket implements AutoCloseable {

    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int pingsSeen;

    /** What the server said last: the close code it sent, or -1 when the connection ended without one. */
    public record Ending(int closeCode, int pingsSeen) {
    }

    private UnansweringSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens /ws on a server at 127.0.0.1, as a page from the server's own origin would. */
    public static UnansweringSocket open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:" + port + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        UnansweringSocket ws = new UnansweringSocket(socket);
        String status = ws.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("no upgrade: " + status);
        }
        return ws;
    }

    /** Sends a text message (masked, as a client must). */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short messages only");
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads (and answers nothing) until the server closes; returns how it ended. */
    public Ending readUntilClosed() throws IOException {
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int opcode = first & 0x0f;
                long length = in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if (opcode == PING) {
                    pingsSeen++;
                } else if (opcode == CLOSE) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
                    return new Ending(code, pingsSeen);
                }
            }
        } catch (EOFException e) {
            return new Ending(-1, pingsSeen);
        }
    }

    private String readHeaders() throws IOException {
        InputStream raw = socket.getInputStream();
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = raw.read();
            if (b < 0) {
                throw new EOFException("the server closed during the upgrade");
            }
            headers.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
