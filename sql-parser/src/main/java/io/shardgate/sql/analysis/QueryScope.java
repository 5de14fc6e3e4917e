package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * One query block (SELECT, UPDATE, DELETE, MERGE or INSERT target): its FROM entries, the predicates
 * that every row it produces or touches satisfies (WHERE and inner-join ON conjuncts), and the enclosing
 * block for correlated references.
 */
final class QueryScope {

    final QueryScope parent;
    final List<ScopeEntry> entries = new ArrayList<>();
    final List<SqlNode> conjuncts = new ArrayList<>();
    final ScopeConstraints constraints = new ScopeConstraints();
    /** Every join condition of this block, outer joins included: what ties its tables' rows together. */
    final List<SqlNode> joinConditions = new ArrayList<>();
    /** Whether the block's rows are part of the answer (a top-level query, CTE or derived table), not a subquery's. */
    boolean driving;

    QueryScope(QueryScope parent) {
        this.parent = parent;
    }

    /** Resolves a column reference ({@code col}, {@code q.col}, {@code s.t.col}) in this scope or an enclosing one. */
    ColumnKey resolve(List<String> names) {
        int n = names.size();
        if (n == 0 || n > 3) {
            return null;
        }
        String column = names.get(n - 1);
        List<String> qualifier = names.subList(0, n - 1);
        for (QueryScope s = this; s != null; s = s.parent) {
            if (qualifier.isEmpty()) {
                if (s.entries.size() == 1) {
                    return new ColumnKey(s.entries.get(0), column);
                }
                if (s.entries.size() > 1) {
                    return null;
                }
            } else {
                for (ScopeEntry e : s.entries) {
                    if (e.matches(qualifier)) {
                        return new ColumnKey(e, column);
                    }
                }
            }
        }
        return null;
    }
}
