package io.woperator.http;

/** What /healthz answers: the server is up, and how busy it is. */
public record HealthReport(String status, int viewers, boolean capturing, String source) {
}
