package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * Decides whether a statement can run shard by shard: every shard running it on its own rows, the answers
 * concatenated, gives the answer of one database holding all rows. That holds when every row the statement
 * combines with a sharded row lives on the same shard: each sharded table is tied to the others by an equality of
 * shard keys (a join condition, or a subquery's correlation), and no query block returns rows that no sharded
 * table restricts (a reference table, a VALUES list or a function on its own would be returned by every shard).
 * The branches of a set operation at the top are proved one by one: the merge, not the shards, computes the set
 * operation over every shard's rows, so each shard only has to return its own rows of each branch.
 */
final class Colocation {

    private final List<QueryScope> scopes;
    private final List<ScopeEntry> entries;
    private final SourcePositions positions;
    private final List<int[]> branches;
    private final Map<ScopeEntry, ScopeEntry> parent = new IdentityHashMap<>();

    /**
     * @param branches for a set operation at the top, the scopes ({@code [from, to)}) of each branch; else empty
     */
    Colocation(List<QueryScope> scopes, List<ScopeEntry> baseEntries, SourcePositions positions,
               List<int[]> branches) {
        this.scopes = scopes;
        this.entries = baseEntries;
        this.positions = positions;
        this.branches = branches;
    }

    /** Why running shard by shard would give another answer, or null when it gives the same. */
    String obstacle() {
        List<ScopeEntry> sharded = new ArrayList<>();
        for (ScopeEntry e : entries) {
            if (e.keyColumn != null) {
                sharded.add(e);
            }
        }
        if (sharded.isEmpty()) {
            return null;
        }
        for (QueryScope scope : scopes) {
            for (SqlNode condition : scope.conjuncts) {
                equalities(scope, condition);
            }
            for (SqlNode condition : scope.joinConditions) {
                equalities(scope, condition);
            }
        }
        for (ScopeEntry e : sharded) {
            if (e.keySource != null) {
                union(e, e.keySource);
            }
        }
        String untied = branches.isEmpty() ? untied(sharded) : untiedInBranches(sharded);
        if (untied != null) {
            return untied;
        }
        for (int i = 0; i < scopes.size(); i++) {
            String unrestricted = unrestricted(scopes.get(i));
            if (unrestricted != null) {
                return unrestricted;
            }
        }
        return null;
    }

    /** Why the sharded entries are not all tied by equal shard keys, or null. */
    private String untied(List<ScopeEntry> sharded) {
        ScopeEntry first = sharded.get(0);
        for (ScopeEntry e : sharded.subList(1, sharded.size())) {
            if (find(e) != find(first)) {
                return "table \"" + e.table.name() + "\" is not joined to table \"" + first.table.name()
                        + "\" by equal shard keys (" + e.qualifier + "." + e.keyColumn + " = " + first.qualifier + "."
                        + first.keyColumn + ")";
            }
        }
        return null;
    }

    /**
     * For a set operation: why a branch is not shard-local by itself (its sharded tables untied, or none to restrict
     * its rows), or null. Every sharded entry must lie in a branch.
     */
    private String untiedInBranches(List<ScopeEntry> sharded) {
        List<ScopeEntry> placed = new ArrayList<>();
        for (int b = 0; b < branches.size(); b++) {
            int[] range = branches.get(b);
            List<ScopeEntry> inBranch = new ArrayList<>();
            for (ScopeEntry e : sharded) {
                int at = indexOf(e.scope);
                if (range != null && at >= range[0] && at < range[1]) {
                    inBranch.add(e);
                }
            }
            if (inBranch.isEmpty()) {
                return "branch " + (b + 1) + " of the set operation reads no sharded table, so every shard would "
                        + "return its rows";
            }
            String untied = untied(inBranch);
            if (untied != null) {
                return untied;
            }
            placed.addAll(inBranch);
        }
        return placed.size() == sharded.size() ? null : untied(sharded);
    }

    /** Rows a driving query block returns that no sharded row of the block restricts, named; or null. */
    private String unrestricted(QueryScope scope) {
        if (!scope.driving) {
            return null;
        }
        if (scope.entries.isEmpty()) {
            return "a query block without FROM would be answered once by every shard";
        }
        String foreign = null;
        boolean restricted = false;
        for (ScopeEntry e : scope.entries) {
            boolean sharded = e.table != null ? e.keyColumn != null : readsShardedTable(e);
            if (sharded && !e.optional) {
                restricted = true;
            } else if (!sharded && foreign == null) {
                foreign = e.table != null ? "table \"" + e.table.name() + "\""
                        : e.qualifier != null ? "\"" + e.qualifier + "\"" : "a table expression";
            }
        }
        if (foreign == null || restricted) {
            return null;
        }
        return foreign + " is not sharded and no sharded table restricts its rows, so every shard would return them";
    }

    /** Whether a derived table or CTE reference reads a sharded table. */
    private boolean readsShardedTable(ScopeEntry derived) {
        if (derived.scopesFrom < 0) {
            return false;
        }
        for (ScopeEntry e : entries) {
            if (e.keyColumn != null) {
                int at = indexOf(e.scope);
                if (at >= derived.scopesFrom && at < derived.scopesTo) {
                    return true;
                }
            }
        }
        return false;
    }

    private int indexOf(QueryScope scope) {
        for (int i = 0; i < scopes.size(); i++) {
            if (scopes.get(i) == scope) {
                return i;
            }
        }
        return -1;
    }

    /** Ties the entries of {@code a.key = b.key} conjuncts of {@code condition}. */
    private void equalities(QueryScope scope, SqlNode condition) {
        if (!(condition instanceof SqlCall call)) {
            return;
        }
        if (call.getKind() == SqlKind.AND) {
            for (SqlNode operand : call.getOperandList()) {
                equalities(scope, operand);
            }
        } else if (call.getKind() == SqlKind.EQUALS && call.operandCount() == 2) {
            ScopeEntry l = keyOf(scope, call.operand(0));
            ScopeEntry r = keyOf(scope, call.operand(1));
            if (l != null && r != null) {
                union(l, r);
            }
        }
    }

    /** The sharded entry whose shard key {@code node} names, or null. */
    private ScopeEntry keyOf(QueryScope scope, SqlNode node) {
        if (!(node instanceof SqlIdentifier id) || id.isStar()) {
            return null;
        }
        ColumnKey c = scope.resolve(positions.names(id));
        return c != null && c.entry().table != null && c.column().equals(c.entry().keyColumn) ? c.entry() : null;
    }

    private ScopeEntry find(ScopeEntry e) {
        ScopeEntry root = e;
        ScopeEntry p;
        while ((p = parent.get(root)) != null) {
            root = p;
        }
        return root;
    }

    private void union(ScopeEntry a, ScopeEntry b) {
        ScopeEntry ra = find(a);
        ScopeEntry rb = find(b);
        if (ra != rb) {
            parent.put(ra, rb);
        }
    }
}
