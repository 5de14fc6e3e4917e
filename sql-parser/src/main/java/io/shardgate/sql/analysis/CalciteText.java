package io.shardgate.sql.analysis;

import io.shardgate.sql.lexer.Token;
import io.shardgate.sql.lexer.TokenType;
import java.util.Arrays;
import java.util.Set;

/**
 * The statement as Calcite is given it: the same length, every token at the same offset, on a single
 * line (so a Calcite column is an offset plus one), with PostgreSQL syntax Calcite does not know blanked
 * or replaced by something of the same shape. Only structure matters: names and values are always read
 * back from the original tokens by position.
 *
 * <ul>
 *   <li>comments, line breaks and tabs become spaces;</li>
 *   <li>{@code $n} becomes {@code ?} and spaces (a dynamic parameter at the same offset);</li>
 *   <li>non-standard strings ({@code E'..'}, {@code U&'..'}, {@code B'..'}, {@code X'..'}, {@code N'..'},
 *       dollar quotes) become a standard string of blanks; numbers in other bases become {@code 0};</li>
 *   <li>operators Calcite lacks ({@code ->>}, {@code @>}, {@code &&}...) and {@code AT TIME ZONE} become
 *       {@code ||}, which has the same "any other operator" shape;</li>
 *   <li>{@code ONLY} before a table (Calcite would read it as a table name), {@code COLLATE x},
 *       {@code INTERVAL} before a string, empty {@code []} of array types, {@code DISTINCT ON (..)},
 *       {@code RETURNING ..}, {@code ON CONFLICT ..}, {@code WHEN .. THEN DO NOTHING} and locking clauses
 *       ({@code FOR UPDATE ..}) are blanked.</li>
 * </ul>
 */
final class CalciteText {

    private static final Set<String> CALCITE_OPERATORS = Set.of(
            "||", "<>", "!=", "<=", ">=", "::", "~*", "!~", "!~*", "=>", ":=");
    private static final Set<String> INTERVAL_UNITS = Set.of(
            "year", "month", "day", "hour", "minute", "second", "years", "months", "days", "hours", "minutes",
            "seconds");

    private final TokenStream ts;
    private final String sql;
    private final char[] out;

    private CalciteText(TokenStream ts) {
        this.ts = ts;
        this.sql = ts.sql;
        this.out = new char[sql.length()];
        Arrays.fill(out, ' ');
    }

    static String of(TokenStream ts, int from, int to) {
        CalciteText text = new CalciteText(ts);
        text.copy(from, to);
        text.rewrite(from, to);
        return new String(text.out);
    }

    private void copy(int from, int to) {
        for (int i = from; i < to; i++) {
            Token t = ts.get(i);
            for (int c = t.start(); c < t.end(); c++) {
                char ch = sql.charAt(c);
                out[c] = ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f' || ch == '\u000B' ? ' ' : ch;
            }
        }
    }

    private void rewrite(int from, int to) {
        for (int i = from; i < to; i++) {
            Token t = ts.get(i);
            switch (t.type()) {
                case PARAMETER -> replace(t, "?");
                case STRING -> {
                    if (sql.charAt(t.start()) != '\'') {
                        blank(t.start(), t.end());
                        out[t.start()] = '\'';
                        out[t.end() - 1] = '\'';
                    }
                }
                case NUMBER -> {
                    String text = t.text(sql);
                    if (text.indexOf('_') >= 0 || (text.length() > 1 && text.charAt(0) == '0'
                            && Character.isLetter(text.charAt(1)))) {
                        replace(t, "0");
                    }
                }
                case OPERATOR -> {
                    if (t.length() > 1 && !CALCITE_OPERATORS.contains(t.text(sql))) {
                        replace(t, "||");
                    } else if (ts.ch(i, ':')) {
                        // an array slice a[lo:hi]: the bounds only matter as expressions
                        out[t.start()] = ts.ch(i + 1, ']') ? ' ' : '+';
                    }
                }
                case PUNCTUATION -> {
                    if (ts.ch(i, '[') && ts.ch(i + 1, ']')) {
                        blank(i, i + 2, to);
                    }
                }
                case IDENTIFIER -> i = word(i, t, to);
                default -> {
                }
            }
        }
    }

    /** Rewrites around the word at {@code i}; returns the last token index handled. */
    private int word(int i, Token t, int to) {
        String w = t.value(sql);
        switch (w) {
            case "only" -> {
                if (!ts.word(i - 1, "rows") && !ts.word(i - 1, "row")) {
                    blank(i, i + 1, to);
                }
            }
            case "interval" -> {
                if (ts.type(i + 1, TokenType.STRING) && !unit(i + 2)) {
                    blank(i, i + 1, to);
                }
            }
            case "at" -> {
                if (ts.word(i + 1, "time") && ts.word(i + 2, "zone")) {
                    blank(i, i + 3, to);
                    out[t.start()] = '|';
                    out[t.start() + 1] = '|';
                    return i + 2;
                }
            }
            case "collate" -> {
                int end = i + 2;
                while (ts.ch(end, '.') && ts.isAnyIdentifier(end + 1)) {
                    end += 2;
                }
                blank(i, end, to);
                return end - 1;
            }
            case "distinct" -> {
                if (ts.word(i + 1, "on") && ts.ch(i + 2, '(')) {
                    int close = ts.close(i + 2);
                    blank(i + 1, close + 1, to);
                    return close;
                }
            }
            case "returning" -> {
                int end = ts.endOfLevel(i, to);
                blank(i, end, to);
                return end - 1;
            }
            case "on" -> {
                if (ts.word(i + 1, "conflict")) {
                    int end = ts.endOfLevel(i, to);
                    int k = i + 2;
                    while (k < end && !ts.word(k, "returning")) {
                        k = ts.ch(k, '(') ? ts.close(k) + 1 : k + 1;
                    }
                    k = Math.min(k, end);
                    blank(i, k, to);
                    return k - 1;
                }
            }
            case "when" -> {
                int then = i + 1;
                while (then < to && then < i + 8 && !ts.word(then, "then")) {
                    then++;
                }
                if (ts.word(then, "then") && ts.word(then + 1, "do") && ts.word(then + 2, "nothing")) {
                    blank(i, then + 3, to);
                    return then + 2;
                }
            }
            case "set" -> {
                if (ts.ch(i + 1, '(') && ts.isAnyIdentifier(i + 2)) {
                    return rowAssignment(i, to);
                }
            }
            case "delete" -> {
                if (ts.word(i + 1, "from")) {
                    deleteUsing(i, to);
                }
            }
            case "offset", "limit", "first", "next" -> {
                if (ts.ch(i + 1, '(') && ts.close(i + 1) == i + 3
                        && (ts.type(i + 2, TokenType.NUMBER) || ts.type(i + 2, TokenType.STRING)
                        || ts.type(i + 2, TokenType.PARAMETER))) {
                    // PostgreSQL takes any expression here, Calcite only a bare number or parameter
                    blank(i + 1, i + 4, to);
                    Token value = ts.get(i + 2);
                    out[value.start()] = ts.type(i + 2, TokenType.PARAMETER) ? '?' : '0';
                    return i + 3;
                }
            }
            case "for" -> {
                if (ts.word(i + 1, "update") || ts.word(i + 1, "share") || ts.word(i + 1, "no")
                        || ts.word(i + 1, "key")) {
                    int end = ts.endOfLevel(i, to);
                    blank(i, end, to);
                    return end - 1;
                }
            }
            default -> {
            }
        }
        return i;
    }

    /**
     * {@code SET (a, b) = (x, y)} (or {@code = (SELECT ..)}), which Calcite lacks, becomes {@code SET a=0}: the
     * assigned values do not matter for routing, and a subquery's tables are still found by the token scan.
     */
    private int rowAssignment(int set, int to) {
        int open = set + 1;
        int close = ts.close(open);
        if (close >= to || !ts.op(close + 1, "=")) {
            return set;
        }
        int rhs = close + 2;
        if (ts.word(rhs, "row")) {
            rhs++;
        }
        if (!ts.ch(rhs, '(') || ts.close(rhs) >= to) {
            return set;
        }
        int end = ts.close(rhs);
        Token column = ts.get(open + 1);
        blank(open, end + 1, to);
        for (int c = column.start(); c < column.end(); c++) {
            out[c] = sql.charAt(c);
        }
        out[column.end()] = '=';
        out[column.end() + 1] = '0';
        return end;
    }

    /**
     * {@code DELETE FROM t USING x, y WHERE ..}, which Calcite lacks, becomes {@code SELECT * FROM t , x, y WHERE ..}:
     * the same tables and conditions in one query block (the classifier has already said DELETE).
     */
    private void deleteUsing(int delete, int to) {
        int level = ts.enclosingOpen(delete);
        for (int k = delete + 2; k < to; k++) {
            if (ts.enclosingOpen(k) != level) {
                continue;
            }
            if (ts.word(k, "where") || ts.word(k, "returning")) {
                return;
            }
            if (ts.word(k, "using") && !ts.ch(k + 1, '(')) {
                Token d = ts.get(delete);
                "SELECT".getChars(0, 6, out, d.start());
                out[d.end()] = '*';
                Token using = ts.get(k);
                blank(using.start(), using.end());
                out[using.start()] = ',';
                return;
            }
        }
    }

    private boolean unit(int i) {
        String w = ts.wordAt(i);
        return w != null && INTERVAL_UNITS.contains(w);
    }

    private void replace(Token t, String with) {
        blank(t.start(), t.end());
        with.getChars(0, with.length(), out, t.start());
    }

    /** Blanks tokens {@code [from, to)} (bounded by {@code limit}) and everything between them. */
    private void blank(int from, int to, int limit) {
        to = Math.min(to, limit);
        if (from < to) {
            blank(ts.get(from).start(), ts.get(to - 1).end());
        }
    }

    private void blank(int startChar, int endChar) {
        Arrays.fill(out, startChar, endChar, ' ');
    }
}
