package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of SQLAlchemy's "insertmanyvalues" INSERT, {@code INSERT INTO t (columns) SELECT p0::BIGINT, p1, ..
 * FROM (VALUES (..), (..)) AS alias(p0, p1, ..) [ORDER BY ..] [ON CONFLICT ..] [RETURNING ..]}: where its VALUES
 * rows start and end, and which column of each row feeds the target's shard key. Anything more (WHERE, GROUP BY,
 * DISTINCT, a window, LIMIT, a key item that is not a VALUES column) is not this shape, since cutting the rows apart
 * could then change what is inserted.
 *
 * @param firstTuple the token index of the first row's {@code (}
 * @param valuesClose the token index of the {@code )} closing the {@code (VALUES ..)} subquery
 * @param position the column of each VALUES row that is the inserted shard key
 */
record InsertSelectValues(int firstTuple, int valuesClose, int position) {

    /**
     * The shape of the statement whose {@code SELECT} is at token {@code select} and whose target column
     * {@code keyPosition} is the shard key, or null.
     */
    static InsertSelectValues find(TokenStream ts, int select, int keyPosition) {
        if (!ts.word(select, "select") || ts.word(select + 1, "distinct") || ts.word(select + 1, "all")) {
            return null;
        }
        List<int[]> items = new ArrayList<>();
        int start = select + 1;
        int k = start;
        for (; k < ts.size() && !ts.word(k, "from"); k++) {
            if (ts.ch(k, '(')) {
                k = ts.close(k);
            } else if (ts.ch(k, ',')) {
                items.add(new int[] {start, k});
                start = k + 1;
            } else if (ts.word(k, "over") || ts.ch(k, ';') || ts.ch(k, ')')) {
                return null;
            }
        }
        items.add(new int[] {start, k});
        if (keyPosition >= items.size() || !ts.word(k, "from") || !ts.ch(k + 1, '(') || !ts.word(k + 2, "values")) {
            return null;
        }
        int[] item = items.get(keyPosition);
        int valuesClose = ts.close(k + 1);
        int i = valuesClose + 1;
        if (ts.word(i, "as")) {
            i++;
        }
        if (!ts.isName(i) || !ts.ch(i + 1, '(')) {
            return null;
        }
        String alias = ts.value(i);
        int closeColumns = ts.close(i + 1);
        List<String> columns = new ArrayList<>();
        for (int c = i + 2; c < closeColumns; c += 2) {
            if (!ts.isAnyIdentifier(c) || !(ts.ch(c + 1, ',') || c + 1 == closeColumns)) {
                return null;
            }
            columns.add(ts.value(c));
        }
        String column = column(ts, item[0], item[1], alias);
        int position = column == null ? -1 : columns.indexOf(column);
        if (position < 0 || closeColumns >= ts.size() || !endsAfterOrderBy(ts, closeColumns + 1)) {
            return null;
        }
        return new InsertSelectValues(k + 3, valuesClose, position);
    }

    /** The VALUES column named by select item {@code [from, to)}: {@code [alias.]name[::type..] [AS label]}, or null. */
    private static String column(TokenStream ts, int from, int to, String alias) {
        int i = from;
        if (ts.isAnyIdentifier(i) && ts.ch(i + 1, '.')) {
            if (!ts.value(i).equals(alias)) {
                return null;
            }
            i += 2;
        }
        if (i >= to || !ts.isAnyIdentifier(i)) {
            return null;
        }
        String name = ts.value(i++);
        while (i < to && ts.op(i, "::")) {
            i++;
            int typeStart = i;
            while (i < to && (ts.isAnyIdentifier(i) || ts.ch(i, '[') || ts.ch(i, ']') || ts.ch(i, '('))
                    && !ts.word(i, "as")) {
                i = ts.ch(i, '(') ? ts.close(i) + 1 : i + 1;
            }
            if (i == typeStart) {
                return null;
            }
        }
        if (ts.word(i, "as") && ts.isAnyIdentifier(i + 1)) {
            i += 2;
        }
        return i == to ? name : null;
    }

    /** Whether the statement ends at {@code i}, after an optional {@code ORDER BY} of plain column names. */
    private static boolean endsAfterOrderBy(TokenStream ts, int i) {
        if (ts.word(i, "order") && ts.word(i + 1, "by")) {
            i += 2;
            while (true) {
                if (ts.isAnyIdentifier(i) && ts.ch(i + 1, '.') && ts.isAnyIdentifier(i + 2)) {
                    i += 2;
                }
                if (!ts.isAnyIdentifier(i++)) {
                    return false;
                }
                if (ts.word(i, "asc") || ts.word(i, "desc")) {
                    i++;
                }
                if (ts.word(i, "nulls") && (ts.word(i + 1, "first") || ts.word(i + 1, "last"))) {
                    i += 2;
                }
                if (!ts.ch(i, ',')) {
                    break;
                }
                i++;
            }
        }
        return i >= ts.size() || ts.ch(i, ';') || ts.word(i, "on") || ts.word(i, "returning");
    }
}
