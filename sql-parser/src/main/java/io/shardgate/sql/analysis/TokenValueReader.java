package io.shardgate.sql.analysis;

import io.shardgate.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a constant or parameter from a token range: {@code 42}, {@code -7}, {@code 'abc'}, {@code E'..'},
 * {@code $$..$$}, {@code $1}, each optionally cast ({@code ::type}, {@code CAST(x AS type)}) or parenthesised.
 * Returns null when the range is anything else.
 */
final class TokenValueReader {

    private final TokenStream ts;

    TokenValueReader(TokenStream ts) {
        this.ts = ts;
    }

    /** The value exactly spanning {@code [from, to)}, or null. */
    KeyValue read(int from, int to) {
        int[] next = new int[1];
        KeyValue v = primary(from, to, next);
        if (v == null) {
            return null;
        }
        int k = casts(next[0], to);
        return k == to ? v : null;
    }

    /** Each element of {@code (v1, v2, ...)} spanning {@code [open, to)}, or null if any is not a value. */
    List<KeyValue> readList(int open, int to) {
        if (!ts.ch(open, '(') || ts.close(open) != to - 1) {
            return null;
        }
        return readElements(open + 1, to - 1);
    }

    /** Comma-separated values in {@code [from, to)} (commas at this parenthesis level), or null. */
    List<KeyValue> readElements(int from, int to) {
        List<KeyValue> values = new ArrayList<>();
        int start = from;
        for (int k = from; k <= to; k++) {
            if (k < to && ts.ch(k, '(')) {
                k = ts.close(k);
                continue;
            }
            if (k == to || ts.ch(k, ',')) {
                KeyValue v = read(start, k);
                if (v == null) {
                    return null;
                }
                values.add(v);
                start = k + 1;
            }
        }
        return values.isEmpty() ? null : values;
    }

    private KeyValue primary(int i, int to, int[] next) {
        if (i >= to) {
            return null;
        }
        if (ts.ch(i, '(')) {
            int close = ts.close(i);
            if (close >= to) {
                return null;
            }
            next[0] = close + 1;
            return read(i + 1, close);
        }
        if (ts.word(i, "cast") && ts.ch(i + 1, '(')) {
            int close = ts.close(i + 1);
            int as = i + 2;
            while (as < close && !ts.word(as, "as")) {
                as = ts.ch(as, '(') ? ts.close(as) + 1 : as + 1;
            }
            if (close >= to || as >= close || typeEnd(as + 1, close) != close) {
                return null;
            }
            next[0] = close + 1;
            return read(i + 2, as);
        }
        boolean minus = ts.op(i, "-");
        if ((minus || ts.op(i, "+")) && ts.type(i + 1, TokenType.NUMBER)) {
            next[0] = i + 2;
            String n = ts.value(i + 1);
            return new KeyValue.Literal(minus ? "-" + n : n);
        }
        if (ts.type(i, TokenType.NUMBER)) {
            next[0] = i + 1;
            return new KeyValue.Literal(ts.value(i));
        }
        if (ts.type(i, TokenType.STRING) && !ts.get(i).unterminated()) {
            if (ts.type(i + 1, TokenType.STRING)) {
                return null;
            }
            next[0] = i + 1;
            return new KeyValue.Literal(ts.value(i));
        }
        if (ts.type(i, TokenType.PARAMETER)) {
            next[0] = i + 1;
            return new KeyValue.Parameter(ts.get(i).parameterIndex(ts.sql));
        }
        return null;
    }

    /** Skips any number of {@code ::type} suffixes starting at {@code i}. */
    int casts(int i, int to) {
        while (i < to && ts.op(i, "::")) {
            int end = typeEnd(i + 1, to);
            if (end == i + 1) {
                return -1;
            }
            i = end;
        }
        return i;
    }

    /** The end of a type name at {@code i}: words, dots, a modifier list and array brackets. */
    private int typeEnd(int i, int to) {
        int k = i;
        while (k < to && (ts.isAnyIdentifier(k) || ts.ch(k, '.'))) {
            k++;
        }
        if (k == i) {
            return i;
        }
        if (k < to && ts.ch(k, '(')) {
            k = ts.close(k) + 1;
        }
        while (k + 1 < to + 1 && ts.ch(k, '[')) {
            int j = k + 1;
            while (j < to && !ts.ch(j, ']')) {
                j++;
            }
            if (j >= to) {
                break;
            }
            k = j + 1;
        }
        return Math.min(k, to);
    }
}
