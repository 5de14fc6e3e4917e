package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Equivalence classes of the columns of one scope (joined by {@code a = b} conjuncts) with the smallest
 * known value set of each class. Classes may also inherit from a column of an enclosing scope
 * ({@code inner.col = outer.col} in a correlated subquery): one way only, since a subquery's predicate
 * does not restrict the outer rows (it may sit under NOT or OR).
 */
final class ScopeConstraints {

    private final Map<ColumnKey, ColumnKey> parent = new HashMap<>();
    private final Map<ColumnKey, List<KeyValue>> values = new HashMap<>();
    private final Map<ColumnKey, List<ColumnKey>> outer = new HashMap<>();

    ColumnKey find(ColumnKey k) {
        ColumnKey root = k;
        ColumnKey p;
        while ((p = parent.get(root)) != null) {
            root = p;
        }
        return root;
    }

    void union(ColumnKey a, ColumnKey b) {
        ColumnKey ra = find(a);
        ColumnKey rb = find(b);
        if (ra.equals(rb)) {
            return;
        }
        parent.put(ra, rb);
        List<KeyValue> va = values.remove(ra);
        if (va != null) {
            restrict(rb, va);
        }
        List<ColumnKey> oa = outer.remove(ra);
        if (oa != null) {
            outer.computeIfAbsent(rb, k -> new ArrayList<>()).addAll(oa);
        }
    }

    /** Every relevant row has {@code k} in {@code set}. */
    void restrict(ColumnKey k, List<KeyValue> set) {
        ColumnKey r = find(k);
        List<KeyValue> current = values.get(r);
        if (current == null || set.size() < current.size()) {
            values.put(r, set);
        }
    }

    /** Every relevant row has {@code k} equal to the enclosing scope's column {@code outerColumn}. */
    void inherit(ColumnKey k, ColumnKey outerColumn) {
        outer.computeIfAbsent(find(k), x -> new ArrayList<>()).add(outerColumn);
    }

    /** The smallest value set known for {@code k}, or null. */
    List<KeyValue> valuesOf(ColumnKey k) {
        ColumnKey r = find(k);
        List<KeyValue> best = values.get(r);
        for (ColumnKey o : outer.getOrDefault(r, List.of())) {
            List<KeyValue> v = o.entry().scope.constraints.valuesOf(o);
            if (v != null && (best == null || v.size() < best.size())) {
                best = v;
            }
        }
        return best;
    }
}
