package io.shardgate.sql.lexer;

import java.math.BigInteger;

/** Decodes token values: case folding, quote removal and the escape rules of each PostgreSQL quoting form. */
final class TokenDecoder {

    private TokenDecoder() {
    }

    static String value(String sql, Token t) {
        return switch (t.type()) {
            case IDENTIFIER -> foldAscii(sql, t.start(), t.end());
            case QUOTED_IDENTIFIER -> quotedIdentifier(sql, t);
            case STRING -> string(sql, t);
            case NUMBER -> number(t.text(sql));
            case PARAMETER -> sql.substring(t.start() + 1, t.end());
            default -> t.text(sql);
        };
    }

    static int parameterIndex(String sql, Token t) {
        long n = 0;
        for (int i = t.start() + 1; i < t.end(); i++) {
            n = n * 10 + (sql.charAt(i) - '0');
            if (n > Integer.MAX_VALUE) {
                return Integer.MAX_VALUE;
            }
        }
        return (int) n;
    }

    /** PostgreSQL folds only ASCII letters of unquoted names when the encoding is multi-byte (UTF-8). */
    static String foldAscii(String sql, int start, int end) {
        int i = start;
        while (i < end) {
            char c = sql.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                break;
            }
            i++;
        }
        if (i == end) {
            return sql.substring(start, end);
        }
        char[] out = sql.substring(start, end).toCharArray();
        for (int k = i - start; k < out.length; k++) {
            char c = out[k];
            if (c >= 'A' && c <= 'Z') {
                out[k] = (char) (c + ('a' - 'A'));
            }
        }
        return new String(out);
    }

    private static String quotedIdentifier(String sql, Token t) {
        boolean unicode = sql.charAt(t.start()) != '"';
        int open = unicode ? t.start() + 2 : t.start();
        int close = t.unterminated() ? t.end() : t.end() - 1;
        String body = undouble(sql, open + 1, close, '"');
        return unicode ? unicodeEscapes(body) : body;
    }

    private static String string(String sql, Token t) {
        char first = sql.charAt(t.start());
        if (first == '$') {
            int tagEnd = sql.indexOf('$', t.start() + 1) + 1;
            int tagLength = tagEnd - t.start();
            int close = t.unterminated() ? t.end() : t.end() - tagLength;
            return sql.substring(tagEnd, Math.max(tagEnd, close));
        }
        int open = sql.indexOf('\'', t.start());
        int close = t.unterminated() ? t.end() : t.end() - 1;
        if (first == 'e' || first == 'E') {
            return backslashEscapes(sql, open + 1, close);
        }
        String body = undouble(sql, open + 1, close, '\'');
        return first == 'u' || first == 'U' ? unicodeEscapes(body) : body;
    }

    private static String undouble(String sql, int from, int to, char quote) {
        String body = sql.substring(from, Math.max(from, to));
        if (body.indexOf(quote) < 0) {
            return body;
        }
        String q = String.valueOf(quote);
        return body.replace(q + q, q);
    }

    private static String backslashEscapes(String sql, int from, int to) {
        StringBuilder out = new StringBuilder(Math.max(0, to - from));
        int i = from;
        while (i < to) {
            char c = sql.charAt(i);
            if (c == '\'' && i + 1 < to && sql.charAt(i + 1) == '\'') {
                out.append('\'');
                i += 2;
            } else if (c == '\\' && i + 1 < to) {
                i = escape(sql, i + 1, to, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Decodes one escape whose letter is at {@code i}; returns the index after it. */
    private static int escape(String sql, int i, int to, StringBuilder out) {
        char c = sql.charAt(i);
        switch (c) {
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'x' -> {
                int end = hexRun(sql, i + 1, Math.min(to, i + 3));
                if (end > i + 1) {
                    out.append((char) Integer.parseInt(sql.substring(i + 1, end), 16));
                    return end;
                }
                out.append(c);
            }
            case 'u', 'U' -> {
                int digits = c == 'u' ? 4 : 8;
                if (hexRun(sql, i + 1, Math.min(to, i + 1 + digits)) == i + 1 + digits) {
                    appendCodePoint(out, sql.substring(i + 1, i + 1 + digits));
                    return i + 1 + digits;
                }
                out.append(c);
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int end = i;
                    while (end < to && end < i + 3 && sql.charAt(end) >= '0' && sql.charAt(end) <= '7') {
                        end++;
                    }
                    out.append((char) Integer.parseInt(sql.substring(i, end), 8));
                    return end;
                }
                out.append(c);
            }
        }
        return i + 1;
    }

    private static String unicodeEscapes(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                i++;
            } else if (body.charAt(i + 1) == '\\') {
                out.append('\\');
                i += 2;
            } else if (body.charAt(i + 1) == '+' && hexRun(body, i + 2, Math.min(body.length(), i + 8)) == i + 8) {
                appendCodePoint(out, body.substring(i + 2, i + 8));
                i += 8;
            } else if (hexRun(body, i + 1, Math.min(body.length(), i + 5)) == i + 5) {
                appendCodePoint(out, body.substring(i + 1, i + 5));
                i += 5;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void appendCodePoint(StringBuilder out, String hex) {
        long cp = Long.parseLong(hex, 16);
        if (cp <= Character.MAX_CODE_POINT) {
            out.appendCodePoint((int) cp);
        } else {
            out.append('\uFFFD');
        }
    }

    private static int hexRun(String s, int from, int to) {
        int i = from;
        while (i < to && Character.digit(s.charAt(i), 16) >= 0) {
            i++;
        }
        return i;
    }

    private static String number(String text) {
        if (text.indexOf('_') >= 0) {
            text = text.replace("_", "");
        }
        if (text.length() > 2 && text.charAt(0) == '0') {
            char base = Character.toLowerCase(text.charAt(1));
            int radix = base == 'x' ? 16 : base == 'o' ? 8 : base == 'b' ? 2 : 0;
            if (radix != 0) {
                try {
                    return new BigInteger(text.substring(2), radix).toString();
                } catch (NumberFormatException e) {
                    return text;
                }
            }
        }
        return text;
    }
}
