package io.shardgate.sql.lexer;

/**
 * One lexical token: its type and its half-open character range {@code [start, end)} in the SQL text.
 *
 * <p>{@code unterminated} marks a string, quoted identifier or block comment that ran to the end of
 * the input without its closing delimiter, so callers can report a clean syntax error.
 */
public record Token(TokenType type, int start, int end, boolean unterminated) {

    /** A complete (terminated) token. */
    public Token(TokenType type, int start, int end) {
        this(type, start, end, false);
    }

    public int length() {
        return end - start;
    }

    /** The token exactly as written. */
    public String text(String sql) {
        return sql.substring(start, end);
    }

    /**
     * The token's value: identifiers folded to lower case, quoted identifiers and strings with their
     * quotes removed and escapes decoded, numbers normalised to plain decimal where written in another
     * base, parameters as their digits; other tokens as written.
     */
    public String value(String sql) {
        return TokenDecoder.value(sql, this);
    }

    /** The {@code n} of a {@code $n} parameter token (saturating at {@link Integer#MAX_VALUE}), or -1 for other tokens. */
    public int parameterIndex(String sql) {
        return type == TokenType.PARAMETER ? TokenDecoder.parameterIndex(sql, this) : -1;
    }

    /** Whether this is the unquoted word {@code lowerCaseWord} (compared ignoring ASCII case, no allocation). */
    public boolean isWord(String sql, String lowerCaseWord) {
        return type == TokenType.IDENTIFIER
                && length() == lowerCaseWord.length()
                && sql.regionMatches(true, start, lowerCaseWord, 0, lowerCaseWord.length());
    }

    /** Whether this is the single-character punctuation or operator {@code c}. */
    public boolean isChar(String sql, char c) {
        return length() == 1 && sql.charAt(start) == c
                && (type == TokenType.PUNCTUATION || type == TokenType.OPERATOR);
    }

    /** Whether this is the operator {@code op}. */
    public boolean isOperator(String sql, String op) {
        return type == TokenType.OPERATOR && length() == op.length() && sql.startsWith(op, start);
    }

    /** Whether this token carries meaning (neither white space nor a comment). */
    public boolean isSignificant() {
        return type != TokenType.WHITESPACE && type != TokenType.COMMENT;
    }
}
