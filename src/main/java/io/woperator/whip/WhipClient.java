package io.woperator.whip;

import io.woperator.protocol.Texts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The HTTP side of WHIP (RFC 9725) for a publisher: the offer POSTed to the endpoint, answered with 201, the
 * session's resource in {@code Location} and the answer in the body; the resource DELETEd to end it. Blocking calls,
 * made on each publisher's own thread.
 */
final class WhipClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String SDP = "application/sdp";

    private final HttpClient http;

    /** @param executor runs the client's asynchronous work; owned and shut down by the caller */
    WhipClient(ExecutorService executor) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL) // RFC 9725 lets an endpoint redirect with 307
                .executor(executor)
                .build();
    }

    /** A session the endpoint made: its resource (absolute) and its answer. */
    record Session(URI resource, String answer) {
    }

    /** Offers to the endpoint; the session it made, or a {@link WhipException} that says what it answered. */
    Session publish(URI endpoint, String token, String offer) throws WhipException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", SDP)
                .header("Accept", SDP)
                .POST(HttpRequest.BodyPublishers.ofString(offer));
        authorize(request, token);
        HttpResponse<String> response = send(request.build(), "offer to");
        if (response.statusCode() != 201) {
            throw new WhipException("the WHIP endpoint answered " + response.statusCode() + describe(response)
                    + (response.statusCode() == 401 || response.statusCode() == 403 ? " (is --whip-token right?)"
                            : ""));
        }
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null || location.isBlank()) {
            throw new WhipException("the WHIP endpoint answered 201 without a Location for the session");
        }
        String answer = response.body();
        if (answer == null || !answer.startsWith("v=")) {
            throw new WhipException("the WHIP endpoint's answer is not SDP: " + Texts.clip(String.valueOf(answer), 80));
        }
        URI resource;
        try {
            resource = response.uri().resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new WhipException("the WHIP endpoint's Location is not an address: " + Texts.clip(location, 80));
        }
        return new Session(resource, answer);
    }

    /** Ends a session; any answer but 2xx or 404 (already gone) is a {@link WhipException}. */
    void end(URI resource, String token) throws WhipException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(resource).timeout(TIMEOUT).DELETE();
        authorize(request, token);
        HttpResponse<String> response = send(request.build(), "end the session at");
        int status = response.statusCode();
        if (status / 100 != 2 && status != 404) {
            throw new WhipException("the WHIP endpoint answered the DELETE with " + status + describe(response));
        }
    }

    private HttpResponse<String> send(HttpRequest request, String what) throws WhipException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WhipException("cannot " + what + " " + request.uri().getHost() + ":" + port(request.uri())
                    + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof ConnectException) {
            return "nothing answers there (connection refused)";
        } else if (e instanceof HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void authorize(HttpRequest.Builder request, String token) {
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
    }

    private static String describe(HttpResponse<String> response) {
        String body = response.body();
        return body == null || body.isBlank() ? "" : ": " + Texts.clip(body.strip(), 120);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
