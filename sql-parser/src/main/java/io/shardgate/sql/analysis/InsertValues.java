package io.shardgate.sql.analysis;

import io.shardgate.sql.lexer.SqlLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rows of {@code INSERT INTO t [AS a] (columns) [OVERRIDING .. VALUE] VALUES (..), (..) [ON CONFLICT ..]
 * [RETURNING ..]}, or of its "insertmanyvalues" form {@code INSERT INTO t (columns) SELECT p0::BIGINT, ..
 * FROM (VALUES (..), (..)) AS v(p0, ..) [ORDER BY ..] ..} (see {@link InsertSelectValues}), found with the lexer (strings, dollar quotes and comments inside a row never split it), so that
 * the client's text can be cut into one INSERT per shard: the text up to the first row, the chosen rows joined by
 * {@code ", "}, then the text after the last row. Nothing is ever re-printed from a parse tree.
 */
public final class InsertValues {
    private final String sql;
    /** Character range {@code [start, end)} of each row's parenthesised tuple, in order. */
    private final List<int[]> spans;
    /** Each row's shard key value, or null when it is not a plain literal or parameter (NULL, DEFAULT, an expression). */
    private final List<KeyValue> keys;
    /** Each row's shard key as written, for messages. */
    private final List<String> keyTexts;

    private InsertValues(String sql, List<int[]> spans, List<KeyValue> keys, List<String> keyTexts) {
        this.sql = sql;
        this.spans = spans;
        this.keys = keys;
        this.keyTexts = keyTexts;
    }

    /**
     * The rows of {@code sql} when it is an INSERT of a VALUES list (or of a SELECT of the columns of one) naming its
     * columns, {@code keyColumn} among them (as {@link io.shardgate.sql.lexer.Token#value} folds names); empty for
     * any other statement.
     */
    public static Optional<InsertValues> parse(String sql, String keyColumn) {
        TokenStream ts = new TokenStream(sql, SqlLexer.significantTokens(sql));
        int i = 0;
        if (!ts.word(i++, "insert") || !ts.word(i++, "into") || !ts.isName(i++)) {
            return Optional.empty();
        }
        while (ts.ch(i, '.') && ts.isName(i + 1)) {
            i += 2;
        }
        if (ts.word(i, "as") && ts.isName(i + 1)) {
            i += 2;
        }
        if (!ts.ch(i, '(')) {
            return Optional.empty();
        }
        int closeColumns = ts.close(i);
        List<String> columns = new ArrayList<>();
        for (int k = i + 1; k < closeColumns; k += 2) {
            if (!ts.isAnyIdentifier(k) || !(ts.ch(k + 1, ',') || k + 1 == closeColumns)) {
                return Optional.empty();
            }
            columns.add(ts.value(k));
        }
        int position = columns.indexOf(keyColumn);
        i = closeColumns + 1;
        if (ts.word(i, "overriding") && ts.word(i + 2, "value")) {
            i += 3;
        }
        if (position < 0) {
            return Optional.empty();
        }
        InsertValues rows = new InsertValues(sql, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        if (ts.word(i, "values")) {
            int end = rows.readRows(ts, i + 1, position);
            boolean ends = end >= 0
                    && (end >= ts.size() || ts.ch(end, ';') || ts.word(end, "on") || ts.word(end, "returning"));
            return ends ? Optional.of(rows) : Optional.empty();
        }
        InsertSelectValues shape = InsertSelectValues.find(ts, i, position);
        if (shape == null || rows.readRows(ts, shape.firstTuple(), shape.position()) != shape.valuesClose()) {
            return Optional.empty();
        }
        return Optional.of(rows);
    }

    /**
     * Reads the comma-separated rows starting at token {@code i}, taking each row's {@code position}-th element as
     * its key; the token index just past the last row, or -1 when they are not rows of enough elements.
     */
    private int readRows(TokenStream ts, int i, int position) {
        TokenValueReader reader = new TokenValueReader(ts);
        while (true) {
            if (!ts.ch(i, '(') || ts.close(i) >= ts.size()) {
                return -1;
            }
            int close = ts.close(i);
            int[] element = element(ts, i + 1, close, position);
            if (element == null) {
                return -1;
            }
            spans.add(new int[] {ts.get(i).start(), ts.get(close).end()});
            keys.add(element[0] < element[1] ? reader.read(element[0], element[1]) : null);
            keyTexts.add(element[0] < element[1]
                    ? sql.substring(ts.get(element[0]).start(), ts.get(element[1] - 1).end()) : "");
            i = close + 1;
            if (!ts.ch(i, ',')) {
                return i;
            }
            i++;
        }
    }

    /** Token range {@code [from, to)} of the {@code position}-th comma-separated element in {@code [from, to)}, or null. */
    static int[] element(TokenStream ts, int from, int to, int position) {
        int start = from;
        int index = 0;
        for (int k = from; k <= to; k++) {
            if (k < to && ts.ch(k, '(')) {
                k = ts.close(k);
                continue;
            }
            if (k == to || ts.ch(k, ',')) {
                if (index == position) {
                    return new int[] {start, k};
                }
                index++;
                start = k + 1;
            }
        }
        return null;
    }

    /** How many rows the VALUES list has. */
    public int rowCount() {
        return spans.size();
    }

    /** Row {@code row}'s shard key value, or null when it is not a plain literal or parameter. */
    public KeyValue key(int row) {
        return keys.get(row);
    }

    /** Row {@code row}'s shard key as the client wrote it. */
    public String keyText(int row) {
        return keyTexts.get(row);
    }

    /** The client's statement with only {@code rows} (indexes, in the order given) in its VALUES list. */
    public String withRows(List<Integer> rows) {
        StringBuilder text = new StringBuilder(sql.length());
        text.append(sql, 0, spans.get(0)[0]);
        for (int n = 0; n < rows.size(); n++) {
            int[] span = spans.get(rows.get(n));
            text.append(n == 0 ? "" : ", ").append(sql, span[0], span[1]);
        }
        return text.append(sql, spans.get(spans.size() - 1)[1], sql.length()).toString();
    }
}
