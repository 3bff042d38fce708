package io.woperator.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import io.woperator.access.AccessGuard;
import io.woperator.access.UploadPermits;
import io.woperator.config.Role;
import io.woperator.config.Settings;
import io.woperator.platform.LogBudget;
import io.woperator.protocol.Texts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files in and out of the desktop over HTTP, with the viewer's own credentials (so a transfer does not stall the
 * data channel that carries input, and the browser streams large files with progress):
 * <pre>
 *   GET  /files          → 200 [{name, size, modified}] of the download folder
 *   GET  /files/{name}   → 200 the file, as an attachment
 *   POST /files?name=N   → 201 {name, size}: the body lands in the upload folder under a safe, unused name
 * </pre>
 * An upload names its viewer and shows the key from that viewer's welcome (X-Woperator-Viewer, X-Woperator-Key):
 * only the viewer in control, or an admin, may upload. Every transfer is logged with who did it.
 */
public final class FilesHandler implements HttpHandler {

    public static final String PATH = "/files";
    private static final Logger LOG = LoggerFactory.getLogger(FilesHandler.class);
    private final LogBudget refusals = new LogBudget(LOG, "refused uploads", 30);
    private static final HttpString VIEWER = new HttpString("X-Woperator-Viewer");
    private static final HttpString KEY = new HttpString("X-Woperator-Key");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NUMBERED = 1000;

    /** A file offered for download. */
    record Entry(String name, long size, String modified) {
    }

    private final Settings.FileTransfer settings;
    private final UploadPermits permits;

    public FilesHandler(Settings.FileTransfer settings, UploadPermits permits) {
        this.settings = settings;
        this.permits = permits;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this); // files are read and written with blocking I/O
            return;
        }
        exchange.startBlocking();
        String rest = exchange.getRequestPath().substring(PATH.length());
        boolean folder = rest.isEmpty() || rest.equals("/");
        if (folder && exchange.getRequestMethod().equals(Methods.GET)) {
            list(exchange);
        } else if (folder && exchange.getRequestMethod().equals(Methods.POST)) {
            upload(exchange);
        } else if (!folder && exchange.getRequestMethod().equals(Methods.GET)) {
            download(exchange, rest.substring(1));
        } else {
            exchange.getResponseHeaders().put(Headers.ALLOW, folder ? "GET, POST" : "GET");
            error(exchange, StatusCodes.METHOD_NOT_ALLOWED, "method-not-allowed", "not allowed here");
        }
    }

    private void list(HttpServerExchange exchange) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Path dir = settings.downloadDir();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    String name = file.getFileName().toString();
                    if (attributes.isRegularFile() && !name.startsWith(".")) {
                        entries.add(new Entry(name, attributes.size(), attributes.lastModifiedTime().toString()));
                    }
                }
            }
        }
        json(exchange, StatusCodes.OK, entries);
    }

    private void download(HttpServerExchange exchange, String name) throws IOException {
        Path dir = settings.downloadDir().toAbsolutePath().normalize();
        Path file = dir.resolve(name).normalize();
        if (!dir.equals(file.getParent()) || name.startsWith(".")
                || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            error(exchange, StatusCodes.NOT_FOUND, "no-such-file", "no file '" + Texts.clip(name, 80)
                    + "' to download");
            return;
        }
        long size = Files.size(file);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, size);
        exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        try (OutputStream out = exchange.getOutputStream()) {
            Files.copy(file, out);
        }
        LOG.info("{} ({}) downloaded {} ({} bytes)", address(exchange), roleOf(exchange), file, size);
    }

    private void upload(HttpServerExchange exchange) throws IOException {
        String viewer = exchange.getRequestHeaders().getFirst(VIEWER);
        String refusal = permits.refusal(viewer, exchange.getRequestHeaders().getFirst(KEY));
        if (refusal != null) {
            refusals.note(() -> LOG.warn("Refused an upload from {} (viewer {}): {}", address(exchange),
                    Texts.clip(String.valueOf(viewer), 80), refusal));
            error(exchange, StatusCodes.FORBIDDEN, "forbidden", refusal);
            return;
        }
        Deque<String> asked = exchange.getQueryParameters().get("name");
        String name = FileNames.safe(asked == null ? null : asked.getFirst());
        long max = settings.maxUploadBytes();
        long announced = exchange.getRequestContentLength();
        if (announced > max) {
            error(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "too-large", tooLarge(announced));
            return;
        }
        Path dir = settings.uploadDir();
        Path part;
        try {
            Files.createDirectories(dir);
            part = Files.createTempFile(dir, ".woperator-upload-", ".part");
        } catch (IOException e) {
            LOG.error("Cannot write into the upload folder {}: {}", dir, e.toString());
            error(exchange, StatusCodes.INSUFFICIENT_STORAGE, "cannot-write", "the upload folder cannot be written to");
            return;
        }
        long size = 0;
        try (InputStream in = exchange.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                size += n;
                if (size > max) {
                    Files.deleteIfExists(part);
                    error(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "too-large", tooLarge(size));
                    return;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            Files.deleteIfExists(part);
            LOG.warn("Upload of {} by viewer {} ended after {} bytes: {}", name, viewer, size, e.getMessage());
            error(exchange, StatusCodes.INSUFFICIENT_STORAGE, "cannot-write", "the upload did not complete: "
                    + e.getMessage());
            return;
        }
        Path target = place(part, dir, name);
        LOG.info("Viewer {} ({}) uploaded {} ({} bytes)", viewer, permits.role(viewer).wireName(), target, size);
        json(exchange, StatusCodes.CREATED, Map.of("name", target.getFileName().toString(), "size", size));
    }

    /** Moves the finished upload to its name, or the first free "name (n)": nothing is overwritten. */
    private static Path place(Path part, Path dir, String name) throws IOException {
        for (int n = 1; n <= MAX_NUMBERED; n++) {
            Path target = dir.resolve(n == 1 ? name : FileNames.numbered(name, n));
            try {
                return Files.move(part, target);
            } catch (FileAlreadyExistsException e) {
                // taken: the next number
            }
        }
        Files.deleteIfExists(part);
        throw new IOException("no free name for " + name);
    }

    private String tooLarge(long bytes) {
        return "the file is " + mib(bytes) + " MB, more than the " + mib(settings.maxUploadBytes())
                + " MB this server takes (--max-upload-mb)";
    }

    private static String mib(long bytes) {
        return String.format("%.1f", bytes / 1048576.0);
    }

    private static void error(HttpServerExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, Map.of("type", "error", "code", code, "message", message));
    }

    private static void json(HttpServerExchange exchange, int status, Object body) throws JsonProcessingException {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
    }

    private static String address(HttpServerExchange exchange) {
        return exchange.getSourceAddress().getAddress().getHostAddress();
    }

    private static String roleOf(HttpServerExchange exchange) {
        Role role = exchange.getAttachment(AccessGuard.ROLE);
        return role == null ? "?" : role.wireName();
    }
}
