package io.github.redisauth;

/**
 * ElastiCache's rules for an AUTH token, as returned by {@link AuthToken#violations()}.
 *
 * <p>Source: the ElastiCache user guide ("Tokens, or passwords, must be 16–128 printable
 * characters. Nonalphanumeric characters are restricted to (!, &amp;, #, $, ^, &lt;, &gt;, -)")
 * and the {@code CreateReplicationGroup} API reference ("printable ASCII").
 */
public enum TokenRule {
    /** At least 16 characters. */
    MIN_LENGTH("at least 16 characters"),
    /** At most 128 characters. */
    MAX_LENGTH("at most 128 characters"),
    /** Only printable ASCII (0x20 to 0x7E); a space is printable but breaks {@link #ALLOWED_SPECIAL_CHARACTERS}. */
    PRINTABLE_ASCII("only printable ASCII characters"),
    /** Besides letters and digits, only {@code ! & # $ ^ < > -}. */
    ALLOWED_SPECIAL_CHARACTERS("no special characters other than ! & # $ ^ < > -");

    /** The special characters ElastiCache accepts. */
    public static final String ALLOWED_SPECIALS = "!&#$^<>-";

    private final String description;

    TokenRule(String description) {
        this.description = description;
    }

    /** @return the rule in words, for messages, e.g. {@code at least 16 characters} */
    public String description() {
        return description;
    }

    boolean isSatisfiedBy(char[] value) {
        switch (this) {
            case MIN_LENGTH:
                return value.length >= 16;
            case MAX_LENGTH:
                return value.length <= 128;
            case PRINTABLE_ASCII:
                for (char c : value) {
                    if (c < 0x20 || c > 0x7E) {
                        return false;
                    }
                }
                return true;
            case ALLOWED_SPECIAL_CHARACTERS:
                for (char c : value) {
                    boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                    boolean printable = c >= 0x20 && c <= 0x7E;
                    if (printable && !alphanumeric && ALLOWED_SPECIALS.indexOf(c) < 0) {
                        return false;
                    }
                }
                return true;
            default:
                throw new AssertionError(this);
        }
    }
}
