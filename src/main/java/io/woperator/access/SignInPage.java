package io.woperator.access;

/**
 * The page a browser gets instead of a bare 401: why it was not let in, and a form for a token or the user name
 * and password, whichever the server takes. Self-contained (its style inline): nothing else is served before
 * signing in.
 */
final class SignInPage {

    private SignInPage() {
    }

    /**
     * @param why        what went wrong, in words
     * @param tokens     whether the server takes tokens
     * @param password   whether it takes a user name and password
     * @param next       the page to go to once signed in (a path on this server)
     */
    static String render(String why, boolean tokens, boolean password, String next) {
        StringBuilder fields = new StringBuilder();
        if (tokens) {
            fields.append("""
                    <label for="token">Token</label>
                    <input id="token" name="token" type="password" autocomplete="off" autofocus>
                    """);
        }
        if (tokens && password) {
            fields.append("<p class=\"or\">or</p>\n");
        }
        if (password) {
            fields.append("""
                    <label for="user">User name</label>
                    <input id="user" name="user" autocomplete="username"%s>
                    <label for="password">Password</label>
                    <input id="password" name="password" type="password" autocomplete="current-password">
                    """.formatted(tokens ? "" : " autofocus"));
        }
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in — Woperator</title>
                <style>
                  :root { color-scheme: dark; font: 16px/1.4 system-ui, sans-serif; }
                  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #101418; color: #e8e8e8; }
                  form { width: min(22rem, 90vw); padding: 1.5rem; border: 1px solid #3a4654; border-radius: 10px; background: #1a2129; }
                  h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
                  p { margin: .3rem 0 1rem; }
                  .why { color: #ffcf70; }
                  .or { text-align: center; color: #b8c0c8; margin: .6rem 0; }
                  label { display: block; margin: .6rem 0 .2rem; }
                  input { width: 100%%; box-sizing: border-box; padding: .6rem; font: inherit; color: inherit;
                    background: #0c1014; border: 1px solid #5a6a7a; border-radius: 6px; }
                  button { margin-top: 1rem; width: 100%%; padding: .7rem; font: inherit; font-weight: 600; color: #0c1014;
                    background: #7ab8ff; border: 0; border-radius: 6px; cursor: pointer; }
                  input:focus-visible, button:focus-visible { outline: 3px solid #7ab8ff; outline-offset: 2px; }
                </style>
                </head>
                <body>
                <form method="post" action="/signin">
                <h1>Sign in to this desktop</h1>
                <p class="why" role="alert">%s</p>
                %s<input type="hidden" name="next" value="%s">
                <button id="sign-in" type="submit">Sign in</button>
                </form>
                </body>
                </html>
                """.formatted(escape(why), fields, escape(next));
    }

    /** A path on this server to go to after signing in; anything else (another site, say) is the viewer. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/signin")
                || next.contains("\\") || next.length() > 500) {
            return "/";
        }
        return next;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
