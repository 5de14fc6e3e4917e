package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shard key values provable from tokens alone, for statements Calcite could not parse: the key column of
 * each row of {@code INSERT ... VALUES}, and top-level AND-ed {@code key = v}, {@code key IN (...)},
 * {@code key = ANY($n)} in the WHERE of a statement that references exactly one table.
 */
final class TokenKeyExtractor {

    private static final Set<String> WHERE_END = Set.of(
            "group", "having", "window", "order", "limit", "offset", "fetch", "for", "returning", "union",
            "intersect", "except");

    private final TokenStream ts;
    private final TokenValueReader values;

    private TokenKeyExtractor(TokenStream ts) {
        this.ts = ts;
        this.values = new TokenValueReader(ts);
    }

    static Map<String, List<KeyValue>> extract(TokenStream ts, Classification c, List<TableRef> tables,
                                               ShardKeyCatalog catalog) {
        if (!c.single() || c.bodyStart() < 0 || tables.isEmpty()) {
            return Map.of();
        }
        TableRef target = tables.get(0);
        long sameName = tables.stream().filter(t -> t.name().equals(target.name())).count();
        String key = catalog.shardKeyColumn(target.name()).orElse(null);
        if (key == null || sameName != 1) {
            return Map.of();
        }
        TokenKeyExtractor x = new TokenKeyExtractor(ts);
        int body = c.bodyStart();
        List<KeyValue> found = null;
        if (ts.word(body, "insert")) {
            found = x.insertValues(body, c.bodyEnd(), key);
        } else if (tables.size() == 1 && (ts.word(body, "select") || ts.word(body, "update") || ts.word(body, "delete"))) {
            found = x.whereValues(target, body, c.bodyEnd(), key);
        }
        if (found == null) {
            return Map.of();
        }
        Map<String, List<KeyValue>> out = new HashMap<>();
        out.put(target.name(), found);
        return out;
    }

    /** {@code INSERT INTO t [AS a] (cols) [OVERRIDING ...] VALUES (..), (..) [ON CONFLICT ...] [RETURNING ...]}. */
    private List<KeyValue> insertValues(int i, int end, String key) {
        int k = i + 2;
        if (!ts.word(i + 1, "into") || !ts.isAnyIdentifier(k)) {
            return null;
        }
        k++;
        while (ts.ch(k, '.') && ts.isAnyIdentifier(k + 1)) {
            k += 2;
        }
        if (ts.word(k, "as")) {
            k += 2;
        }
        if (!ts.ch(k, '(')) {
            return null;
        }
        int close = ts.close(k);
        int position = -1;
        int column = 0;
        for (int j = k + 1; j < close; j++) {
            if (ts.ch(j, ',')) {
                column++;
            } else if (ts.isAnyIdentifier(j) && ts.value(j).equals(key)) {
                position = column;
            }
        }
        k = close + 1;
        if (ts.word(k, "overriding")) {
            k += 3;
        }
        if (position < 0 || !ts.word(k, "values")) {
            return null;
        }
        k++;
        List<KeyValue> out = new ArrayList<>();
        while (ts.ch(k, '(')) {
            int rowClose = ts.close(k);
            KeyValue v = element(k + 1, rowClose, position);
            if (v == null) {
                return null;
            }
            if (!out.contains(v)) {
                out.add(v);
            }
            k = rowClose + 1;
            if (!ts.ch(k, ',')) {
                break;
            }
            k++;
        }
        boolean ends = k >= end || ts.word(k, "on") || ts.word(k, "returning");
        return ends && !out.isEmpty() ? out : null;
    }

    private KeyValue element(int from, int to, int position) {
        int[] range = InsertValues.element(ts, from, to, position);
        return range == null ? null : values.read(range[0], range[1]);
    }

    private List<KeyValue> whereValues(TableRef table, int body, int end, String key) {
        int where = -1;
        boolean inFrom = false;
        boolean otherItems = false;
        for (int k = body; k < end; k++) {
            if (ts.ch(k, '(')) {
                otherItems |= inFrom && ts.word(k - 1, "from");
                k = ts.close(k);
                continue;
            }
            String w = ts.wordAt(k);
            inFrom |= "from".equals(w) || "using".equals(w);
            otherItems |= inFrom && (ts.ch(k, ',') || "join".equals(w));
            if (w != null && (w.equals("union") || w.equals("intersect") || w.equals("except"))) {
                return null;
            }
            if ("where".equals(w)) {
                where = k;
                break;
            }
        }
        if (where < 0) {
            return null;
        }
        int stop = where + 1;
        while (stop < end) {
            if (ts.ch(stop, '(')) {
                stop = ts.close(stop) + 1;
                continue;
            }
            String w = ts.wordAt(stop);
            if (ts.ch(stop, ')') || (w != null && WHERE_END.contains(w))) {
                break;
            }
            stop++;
        }
        List<List<KeyValue>> constraints = new ArrayList<>();
        // With other FROM items (functions, derived tables) an unqualified column may belong to one of them.
        conjuncts(table, key, where + 1, Math.min(stop, end), constraints, otherItems);
        List<KeyValue> best = null;
        for (List<KeyValue> c : constraints) {
            if (best == null || c.size() < best.size()) {
                best = c;
            }
        }
        return best;
    }

    /** Adds the key constraints of the AND-ed conjuncts in {@code [from, to)}; nothing if an OR or BETWEEN is at this level. */
    private void conjuncts(TableRef table, String key, int from, int to, List<List<KeyValue>> out, boolean qualified) {
        for (int k = from; k < to; k++) {
            if (ts.ch(k, '(')) {
                k = ts.close(k);
            } else if (ts.word(k, "or") || ts.word(k, "between")) {
                return;
            }
        }
        int start = from;
        for (int k = from; k <= to; k++) {
            if (k < to && ts.ch(k, '(')) {
                k = ts.close(k);
                continue;
            }
            if (k == to || ts.word(k, "and")) {
                conjunct(table, key, start, k, out, qualified);
                start = k + 1;
            }
        }
    }

    private void conjunct(TableRef table, String key, int from, int to, List<List<KeyValue>> out, boolean qualified) {
        if (from >= to) {
            return;
        }
        if (ts.ch(from, '(') && ts.close(from) == to - 1) {
            conjuncts(table, key, from + 1, to - 1, out, qualified);
            return;
        }
        int afterColumn = keyColumn(table, key, from, to, qualified);
        if (afterColumn > 0) {
            List<KeyValue> v = rightOfKey(afterColumn, to);
            if (v != null) {
                out.add(v);
            }
            return;
        }
        // <value> = key
        for (int k = from; k < to; k++) {
            if (ts.ch(k, '(')) {
                k = ts.close(k);
            } else if (ts.op(k, "=")) {
                if (keyColumn(table, key, k + 1, to, qualified) == to) {
                    KeyValue v = values.read(from, k);
                    if (v != null) {
                        out.add(List.of(v));
                    }
                }
                return;
            }
        }
    }

    /** {@code = v}, {@code IN (v, ...)}, {@code = ANY($n)}, {@code = ANY(ARRAY[v, ...])} spanning {@code [i, to)}. */
    private List<KeyValue> rightOfKey(int i, int to) {
        if (ts.word(i, "in")) {
            List<KeyValue> list = values.readList(i + 1, to);
            return list == null ? null : distinct(list);
        }
        if (!ts.op(i, "=")) {
            return null;
        }
        if ((ts.word(i + 1, "any") || ts.word(i + 1, "some")) && ts.ch(i + 2, '(') && ts.close(i + 2) == to - 1) {
            int open = i + 2;
            int close = to - 1;
            if (ts.word(open + 1, "array") && ts.ch(open + 2, '[')) {
                int bracket = open + 2;
                int end = bracket + 1;
                while (end < close && !ts.ch(end, ']')) {
                    end = ts.ch(end, '(') ? ts.close(end) + 1 : end + 1;
                }
                if (end >= close || values.casts(end + 1, close) != close) {
                    return null;
                }
                List<KeyValue> list = values.readElements(bracket + 1, end);
                return list == null ? null : distinct(list);
            }
            KeyValue v = values.read(open + 1, close);
            return v instanceof KeyValue.Parameter p ? List.of(new KeyValue.ArrayParameter(p.index())) : null;
        }
        KeyValue v = values.read(i + 1, to);
        return v == null ? null : List.of(v);
    }

    /** If {@code [from, ...)} starts with a reference to the key column of {@code table}, the index after it; else -1. */
    private int keyColumn(TableRef table, String key, int from, int to, boolean qualified) {
        List<String> parts = new ArrayList<>(3);
        int k = from;
        if (!ts.isAnyIdentifier(k)) {
            return -1;
        }
        parts.add(ts.value(k));
        k++;
        while (k + 1 < to && ts.ch(k, '.') && ts.isAnyIdentifier(k + 1)) {
            parts.add(ts.value(k + 1));
            k += 2;
        }
        int n = parts.size();
        if (!parts.get(n - 1).equals(key)) {
            return -1;
        }
        boolean matches = switch (n) {
            case 1 -> !qualified;
            case 2 -> parts.get(0).equals(table.qualifier());
            case 3 -> table.alias() == null && table.schema() != null && parts.get(0).equals(table.schema())
                    && parts.get(1).equals(table.name());
            default -> false;
        };
        return matches ? k : -1;
    }

    private static List<KeyValue> distinct(List<KeyValue> list) {
        List<KeyValue> out = new ArrayList<>(list.size());
        for (KeyValue v : list) {
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
