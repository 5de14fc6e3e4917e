package io.shardgate.sql.lexer;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written PostgreSQL lexer (the rules of PostgreSQL's {@code scan.l}, with
 * {@code standard_conforming_strings} on). It never throws: unterminated strings, quoted identifiers
 * and comments become one token to the end of the input, flagged {@link Token#unterminated()}, and
 * characters PostgreSQL rejects become {@link TokenType#UNKNOWN} tokens.
 */
public final class SqlLexer {

    private final String sql;
    private final int length;
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    /** Every token of {@code sql}, white space and comments included, in order; their ranges cover the input exactly. */
    public static List<Token> tokenize(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        List<Token> tokens = new ArrayList<>(Math.max(8, sql.length() / 4));
        while (lexer.pos < lexer.length) {
            tokens.add(lexer.next());
        }
        return tokens;
    }

    /** The tokens of {@code sql} without white space and comments. */
    public static List<Token> significantTokens(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        List<Token> tokens = new ArrayList<>(Math.max(8, sql.length() / 6));
        while (lexer.pos < lexer.length) {
            Token t = lexer.next();
            if (t.isSignificant()) {
                tokens.add(t);
            }
        }
        return tokens;
    }

    /**
     * Splits a query string into statements at {@code ;} outside quotes, comments, dollar quotes,
     * parentheses and {@code BEGIN ATOMIC ... END} bodies. Each text is trimmed of surrounding white
     * space (leading comments, such as routing hints, are kept); statements without any token other
     * than white space and comments are dropped.
     */
    public static List<StatementText> splitStatements(String sql) {
        return StatementSplitter.split(sql, tokenize(sql));
    }

    private Token next() {
        int start = pos;
        char c = sql.charAt(pos);
        switch (c) {
            case ' ', '\t', '\n', '\r', '\f', '\u000B' -> {
                return whitespace(start);
            }
            case '\'' -> {
                return quoted(start, start, '\'', TokenType.STRING);
            }
            case '"' -> {
                return quoted(start, start, '"', TokenType.QUOTED_IDENTIFIER);
            }
            case '$' -> {
                return dollar(start);
            }
            case '(', ')', ',', ';', '[', ']' -> {
                pos++;
                return new Token(TokenType.PUNCTUATION, start, pos);
            }
            case '.' -> {
                if (isDigit(peek(1))) {
                    return number(start);
                }
                pos++;
                return new Token(TokenType.PUNCTUATION, start, pos);
            }
            case ':' -> {
                char n = peek(1);
                pos += n == ':' || n == '=' ? 2 : 1;
                return new Token(TokenType.OPERATOR, start, pos);
            }
            case '-' -> {
                if (peek(1) == '-') {
                    return lineComment(start);
                }
                return operator(start);
            }
            case '/' -> {
                if (peek(1) == '*') {
                    return blockComment(start);
                }
                return operator(start);
            }
            default -> {
                if (isDigit(c)) {
                    return number(start);
                }
                if (isIdentStart(c)) {
                    return word(start, c);
                }
                if (isOperatorChar(c)) {
                    return operator(start);
                }
                pos++;
                return new Token(TokenType.UNKNOWN, start, pos);
            }
        }
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < length ? sql.charAt(i) : '\0';
    }

    private Token whitespace(int start) {
        pos++;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\u000B') {
                break;
            }
            pos++;
        }
        return new Token(TokenType.WHITESPACE, start, pos);
    }

    private Token lineComment(int start) {
        pos += 2;
        while (pos < length && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
            pos++;
        }
        return new Token(TokenType.COMMENT, start, pos);
    }

    private Token blockComment(int start) {
        pos += 2;
        int depth = 1;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c == '*' && peek(1) == '/') {
                pos += 2;
                if (--depth == 0) {
                    return new Token(TokenType.COMMENT, start, pos);
                }
            } else if (c == '/' && peek(1) == '*') {
                pos += 2;
                depth++;
            } else {
                pos++;
            }
        }
        return new Token(TokenType.COMMENT, start, pos, true);
    }

    /** A quoted token whose opening quote is at {@code open}; a doubled quote is an escaped quote. */
    private Token quoted(int start, int open, char quote, TokenType type) {
        pos = open + 1;
        while (pos < length) {
            if (sql.charAt(pos) == quote) {
                if (peek(1) == quote) {
                    pos += 2;
                    continue;
                }
                pos++;
                return new Token(type, start, pos);
            }
            pos++;
        }
        return new Token(type, start, pos, true);
    }

    /** {@code E'...'}: backslash escapes, and {@code ''}. */
    private Token escapeString(int start) {
        pos = start + 2;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == '\'') {
                if (peek(1) == '\'') {
                    pos += 2;
                    continue;
                }
                pos++;
                return new Token(TokenType.STRING, start, pos);
            } else {
                pos++;
            }
        }
        pos = length;
        return new Token(TokenType.STRING, start, pos, true);
    }

    private Token dollar(int start) {
        char n = peek(1);
        if (isDigit(n)) {
            pos++;
            while (pos < length && isDigit(sql.charAt(pos))) {
                pos++;
            }
            return new Token(TokenType.PARAMETER, start, pos);
        }
        // $tag$ where tag is empty or [A-Za-z_\x80-][A-Za-z_0-9\x80-]*
        int i = start + 1;
        if (i < length && isIdentStart(sql.charAt(i))) {
            i++;
            while (i < length && isTagChar(sql.charAt(i))) {
                i++;
            }
        }
        if (i >= length || sql.charAt(i) != '$') {
            pos = start + 1;
            return new Token(TokenType.UNKNOWN, start, pos);
        }
        int tagLength = i + 1 - start;
        int close = indexOfTag(start, tagLength, i + 1);
        if (close < 0) {
            pos = length;
            return new Token(TokenType.STRING, start, pos, true);
        }
        pos = close + tagLength;
        return new Token(TokenType.STRING, start, pos);
    }

    private int indexOfTag(int tagStart, int tagLength, int from) {
        int i = sql.indexOf('$', from);
        while (i >= 0 && i + tagLength <= length) {
            if (sql.regionMatches(i, sql, tagStart, tagLength)) {
                return i;
            }
            i = sql.indexOf('$', i + 1);
        }
        return -1;
    }

    private Token number(int start) {
        char c = sql.charAt(pos);
        if (c == '0' && pos + 2 < length) {
            char base = (char) (peek(1) | 0x20);
            int radix = base == 'x' ? 16 : base == 'o' ? 8 : base == 'b' ? 2 : 0;
            if (radix != 0 && Character.digit(peek(2), radix) >= 0) {
                pos += 2;
                while (pos < length && (Character.digit(sql.charAt(pos), radix) >= 0 || sql.charAt(pos) == '_')) {
                    pos++;
                }
                return new Token(TokenType.NUMBER, start, pos);
            }
        }
        digits();
        if (pos < length && sql.charAt(pos) == '.' && peek(1) != '.') {
            pos++;
            digits();
        }
        if (pos < length && (sql.charAt(pos) | 0x20) == 'e') {
            char n = peek(1);
            int digitAt = n == '+' || n == '-' ? 2 : 1;
            if (isDigit(peek(digitAt))) {
                pos += digitAt;
                digits();
            }
        }
        return new Token(TokenType.NUMBER, start, pos);
    }

    private void digits() {
        while (pos < length) {
            char c = sql.charAt(pos);
            if (isDigit(c) || (c == '_' && isDigit(peek(1)) && pos > 0 && isDigit(sql.charAt(pos - 1)))) {
                pos++;
            } else {
                break;
            }
        }
    }

    private Token word(int start, char c) {
        char n = peek(1);
        if (n == '\'') {
            char lower = (char) (c | 0x20);
            if (lower == 'e') {
                return escapeString(start);
            }
            if (lower == 'b' || lower == 'x' || lower == 'n') {
                return quoted(start, start + 1, '\'', TokenType.STRING);
            }
        } else if (n == '&' && (c | 0x20) == 'u') {
            char q = peek(2);
            if (q == '\'') {
                return quoted(start, start + 2, '\'', TokenType.STRING);
            }
            if (q == '"') {
                return quoted(start, start + 2, '"', TokenType.QUOTED_IDENTIFIER);
            }
        }
        pos++;
        while (pos < length && isIdentPart(sql.charAt(pos))) {
            pos++;
        }
        return new Token(TokenType.IDENTIFIER, start, pos);
    }

    /** An operator by PostgreSQL's rules: the longest run of operator characters, cut before a comment start, and
     *  losing trailing {@code +}/{@code -} unless it contains one of {@code ~ ! @ # ^ & | ` ? %}. */
    private Token operator(int start) {
        int end = start + 1;
        while (end < length && isOperatorChar(sql.charAt(end))) {
            char c = sql.charAt(end);
            char p = sql.charAt(end - 1);
            if ((p == '-' && c == '-') || (p == '/' && c == '*')) {
                end--;
                break;
            }
            end++;
        }
        int n = end - start;
        if (n > 1 && isPlusMinus(sql.charAt(start + n - 1))) {
            boolean keep = false;
            for (int i = start; i < start + n - 1; i++) {
                if ("~!@#^&|`?%".indexOf(sql.charAt(i)) >= 0) {
                    keep = true;
                    break;
                }
            }
            if (!keep) {
                do {
                    n--;
                } while (n > 1 && isPlusMinus(sql.charAt(start + n - 1)));
            }
        }
        pos = start + n;
        return new Token(TokenType.OPERATOR, start, pos);
    }

    private static boolean isPlusMinus(char c) {
        return c == '+' || c == '-';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isTagChar(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    static boolean isOperatorChar(char c) {
        return switch (c) {
            case '~', '!', '@', '#', '^', '&', '|', '`', '?', '+', '-', '*', '/', '%', '<', '>', '=' -> true;
            default -> false;
        };
    }
}
