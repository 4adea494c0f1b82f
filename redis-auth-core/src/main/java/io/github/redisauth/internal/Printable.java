package io.github.redisauth.internal;

/**
 * Makes server-supplied text safe to put in a one-line message: a reply, a certificate name or an
 * exception message must not be able to break a report line or drive a terminal.
 */
final class Printable {

    private Printable() {
    }

    /**
     * Replaces control characters (C0, DEL, C1), Unicode format characters (such as bidirectional
     * overrides) and line or paragraph separators with {@code ?}.
     *
     * @param text the text, or null
     * @return the text with those characters replaced; null for null
     */
    static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (clean == null) {
                    clean = new StringBuilder(text.length()).append(text, 0, i);
                }
                clean.append('?');
            } else if (clean != null) {
                clean.append(c);
            }
        }
        return clean == null ? text : clean.toString();
    }

    /**
     * {@link #of(String)}, then cut to {@code max} characters, saying the full length when cut, e.g.
     * {@code -ERR xxxx... (60000 characters, first 200 shown)}.
     *
     * @param text the text, or null
     * @param max the most characters of {@code text} to keep, at least 1
     * @return the safe, possibly shortened text; null for null
     */
    static String excerpt(String text, int max) {
        if (text == null) {
            return null;
        }
        if (text.length() <= max) {
            return of(text);
        }
        int cut = max;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return of(text.substring(0, cut)) + "... (" + text.length() + " characters, first " + cut + " shown)";
    }

    private static boolean unsafe(char c) {
        if (Character.isISOControl(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
