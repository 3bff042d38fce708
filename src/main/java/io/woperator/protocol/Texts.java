package io.woperator.protocol;

/** Text quoted from what a peer sent, kept short for logs and replies. */
public final class Texts {

    private Texts() {
    }

    /** {@code text} cut to {@code max} characters with an ellipsis; null stays null. */
    public static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
