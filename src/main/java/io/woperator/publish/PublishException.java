package io.woperator.publish;

/** Publishing that failed this time (refused, unreachable, lost), in words for the log and the API: worth another try. */
public class PublishException extends Exception {

    public PublishException(String message) {
        super(message);
    }
}
