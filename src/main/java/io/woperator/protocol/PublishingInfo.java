package io.woperator.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stream's publishing to a WHIP endpoint, as the streams API tells of it.
 *
 * @param url       the WHIP endpoint (its token is never told)
 * @param state     connecting, publishing, retrying or stopped
 * @param since     when it came to this state, ISO-8601
 * @param lastError why the last attempt failed or the connection was lost; absent while there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublishingInfo(String stream, String url, String state, String since, String lastError) {
}
