package io.woperator.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WHIP's HTTP exchange as RFC 9725 has it, against an HTTP server that answers as the test says. */
class WhipClientTest {
    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n";
    private static final String ANSWER = "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\n";

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final WhipClient client = new WhipClient(executor);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile Answer answer;

    private record Answer(int status, String location, String body) {
    }

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                + exchange.getRequestHeaders().getFirst("Authorization") + " " + body.length());
        Answer now = answer;
        if (now.location() != null) {
            exchange.getResponseHeaders().set("Location", now.location());
        }
        byte[] bytes = now.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(now.status(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/whip/endpoint?key=k");
    }

    @Test
    void anOfferIsPostedAsSdpWithTheTokenAndARelativeLocationIsResolved() throws Exception {
        answer = new Answer(201, "sessions/42", ANSWER);
        WhipClient.Session session = client.publish(endpoint(), "t0k", OFFER);
        assertEquals(ANSWER, session.answer());
        assertEquals(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/whip/sessions/42"),
                session.resource());
        assertEquals(List.of("POST /whip/endpoint?key=k application/sdp Bearer t0k " + OFFER.length()), requests);

        answer = new Answer(200, null, "");
        client.end(session.resource(), "t0k");
        assertEquals("DELETE /whip/sessions/42 null Bearer t0k 0", requests.get(1));
    }

    @Test
    void withoutATokenNoAuthorizationIsSent() throws Exception {
        answer = new Answer(201, "http://127.0.0.1:1/elsewhere", ANSWER);
        assertEquals(URI.create("http://127.0.0.1:1/elsewhere"), client.publish(endpoint(), null, OFFER).resource());
        assertTrue(requests.get(0).contains(" null "), requests.get(0));
    }

    @Test
    void whatTheEndpointRefusesIsSaidWithItsStatusAndAHint() {
        answer = new Answer(401, null, "bad token");
        WhipException refused = assertThrows(WhipException.class, () -> client.publish(endpoint(), "x", OFFER));
        assertEquals("the WHIP endpoint answered 401: bad token (is --whip-token right?)", refused.getMessage());

        answer = new Answer(201, null, ANSWER);
        assertEquals("the WHIP endpoint answered 201 without a Location for the session",
                assertThrows(WhipException.class, () -> client.publish(endpoint(), null, OFFER)).getMessage());

        answer = new Answer(201, "/s/1", "<html>welcome</html>");
        assertTrue(assertThrows(WhipException.class, () -> client.publish(endpoint(), null, OFFER)).getMessage()
                .startsWith("the WHIP endpoint's answer is not SDP: <html>"));

        answer = new Answer(503, null, "");
        assertEquals("the WHIP endpoint answered 503",
                assertThrows(WhipException.class, () -> client.publish(endpoint(), null, OFFER)).getMessage());
    }

    @Test
    void endingASessionTheEndpointNoLongerHasIsNoError() throws Exception {
        answer = new Answer(404, null, "");
        client.end(endpoint(), null);
        answer = new Answer(500, null, "oops");
        assertEquals("the WHIP endpoint answered the DELETE with 500: oops",
                assertThrows(WhipException.class, () -> client.end(endpoint(), null)).getMessage());
    }

    @Test
    void anEndpointThatIsNotThereIsSaidSo() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        WhipException e = assertThrows(WhipException.class, () -> client.publish(endpoint(), null, OFFER));
        assertEquals("cannot offer to 127.0.0.1:" + port + ": nothing answers there (connection refused)",
                e.getMessage());
    }
}
