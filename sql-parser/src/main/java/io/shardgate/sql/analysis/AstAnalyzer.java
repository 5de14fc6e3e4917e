package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;

/**
 * Walks a Calcite parse tree into {@link QueryScope}s (tables with their aliases, the predicates of
 * each block) and solves each sharded table's key values from them.
 */
final class AstAnalyzer {

    /**
     * Tables in order of appearance, the key values known per table name, and why the statement could not run
     * shard by shard (null when each shard can answer for its own rows; see {@link Analysis#crossShard()}).
     */
    record Result(List<TableRef> tables, Map<String, List<KeyValue>> keyValues, String crossShard) {
    }

    /** {@code INSERT INTO target (..) SELECT ..}: the SELECT and the position of the target's key in its list. */
    private record InsertSource(ScopeEntry target, SqlSelect select, int position) {
    }

    private final ShardKeyCatalog catalog;
    private final SourcePositions positions;
    private final AstValueReader values;
    private final List<QueryScope> scopes = new ArrayList<>();
    private final List<ScopeEntry> baseEntries = new ArrayList<>();
    private final Map<SqlSelect, QueryScope> selectScopes = new IdentityHashMap<>();
    private final Map<String, int[]> cteScopes = new HashMap<>();
    private final List<InsertSource> insertSources = new ArrayList<>();
    /** Reasons found while walking that running on several shards would be wrong; the first one is reported. */
    private final List<String> obstacles = new ArrayList<>();
    private int subqueryDepth;
    /** For a set operation at the top: its branches, and the scopes ({@code [from, to)}) of each, filled while walking. */
    private SetOperationBranches setOperation;
    private final Map<SqlSelect, int[]> branchScopes = new IdentityHashMap<>();

    AstAnalyzer(TokenStream ts, ShardKeyCatalog catalog) {
        this.catalog = catalog;
        this.positions = new SourcePositions(ts);
        this.values = new AstValueReader(ts, positions);
    }

    Result analyze(SqlNode root) {
        return analyze(List.of(root), Set.of());
    }

    /**
     * Analyses several parse trees of one statement together: the data-modifying CTE bodies Calcite cannot
     * parse in place, each parsed alone, and the statement with them blanked; {@code cteNames} are the names of
     * those CTEs (never tables).
     */
    Result analyze(List<SqlNode> roots, Set<String> cteNames) {
        setOperation = roots.size() == 1 ? SetOperationBranches.of(roots.get(0)) : null;
        for (SqlNode root : roots) {
            query(root, null, cteNames);
        }
        ConjunctReader reader = new ConjunctReader(positions, values);
        for (QueryScope scope : scopes) {
            for (SqlNode predicate : scope.conjuncts) {
                reader.apply(scope, predicate);
            }
        }
        for (InsertSource source : insertSources) {
            insertFromSelect(source);
        }
        List<TableRef> tables = new ArrayList<>(baseEntries.size());
        Map<String, List<KeyValue>> known = new LinkedHashMap<>();
        Set<String> unknown = new HashSet<>();
        for (ScopeEntry e : baseEntries) {
            tables.add(e.table);
            String name = e.table.name();
            if (e.keyColumn == null || unknown.contains(name)) {
                continue;
            }
            List<KeyValue> v = e.fixed ? e.fixedValues : e.scope.constraints.valuesOf(new ColumnKey(e, e.keyColumn));
            if (v == null) {
                unknown.add(name);
                known.remove(name);
            } else {
                List<KeyValue> merged = new ArrayList<>(known.getOrDefault(name, List.of()));
                for (KeyValue kv : v) {
                    if (!merged.contains(kv)) {
                        merged.add(kv);
                    }
                }
                known.put(name, merged);
            }
        }
        if (setOperation != null && setOperation.obstacle() != null) {
            obstacles.add(setOperation.obstacle());
        }
        List<int[]> branches = new ArrayList<>();
        if (setOperation != null) {
            for (SqlSelect leaf : setOperation.leaves()) {
                branches.add(branchScopes.get(leaf));
            }
        }
        String crossShard = obstacles.isEmpty()
                ? new Colocation(scopes, baseEntries, positions, branches).obstacle() : obstacles.get(0);
        return new Result(tables, known, crossShard);
    }

    private QueryScope scope(QueryScope parent) {
        QueryScope s = new QueryScope(parent);
        s.driving = subqueryDepth == 0;
        scopes.add(s);
        return s;
    }

    /**
     * The target of {@code INSERT .. SELECT} takes its key from the SELECT's item at the key's position: a value
     * fixes it, the shard key of a source table ties the two (each shard inserts the rows it selects), a column of
     * a {@code VALUES} list fixes it to that column's values.
     */
    private void insertFromSelect(InsertSource source) {
        ScopeEntry target = source.target();
        QueryScope scope = selectScopes.get(source.select());
        SqlNodeList items = source.select().getSelectList();
        if (scope == null || items == null || source.position() >= items.size()) {
            obstacles.add(unknownInsertKey(target));
            return;
        }
        SqlNode item = items.get(source.position());
        if (item instanceof SqlCall as && as.getKind() == SqlKind.AS) {
            item = as.operand(0);
        }
        item = AstValueReader.stripCasts(item);
        KeyValue value = item instanceof SqlIdentifier ? null : values.value(item);
        if (value != null) {
            target.fix(List.of(value));
            return;
        }
        ColumnKey column = item instanceof SqlIdentifier id && !id.isStar() ? scope.resolve(positions.names(id)) : null;
        ScopeEntry from = column == null ? null : column.entry();
        if (from != null && from.table != null && column.column().equals(from.keyColumn)) {
            target.fix(from.scope.constraints.valuesOf(column));
            target.keySource = from;
            return;
        }
        if (from != null && from.values != null && from.valuesColumns != null) {
            int p = from.valuesColumns.indexOf(column.column());
            List<KeyValue> picked = p < 0 ? null : valuesColumn(from.values, p);
            if (picked != null) {
                target.fix(picked);
                if (picked.size() > 1 || from.values.operandCount() > 1) {
                    obstacles.add(severalInsertedRows(target));
                }
                return;
            }
        }
        obstacles.add(unknownInsertKey(target));
    }

    private static String unknownInsertKey(ScopeEntry target) {
        return "the shard key \"" + target.keyColumn + "\" of the rows inserted into \"" + target.table.name()
                + "\" is neither a value nor the shard key of the rows it selects";
    }

    private static String severalInsertedRows(ScopeEntry target) {
        return "the rows inserted into \"" + target.table.name() + "\" have several shard key values and an INSERT "
                + "is not split by shard";
    }

    /** Column {@code position} of each row of a VALUES call, or null when any is not a plain value. */
    private List<KeyValue> valuesColumn(SqlCall valuesCall, int position) {
        List<SqlNode> picked = new ArrayList<>();
        for (SqlNode row : valuesCall.getOperandList()) {
            if (!(row instanceof SqlCall call) || call.getKind() != SqlKind.ROW || call.operandCount() <= position) {
                return null;
            }
            picked.add(call.operand(position));
        }
        return this.values.values(picked);
    }

    private static boolean isQuery(SqlNode node) {
        if (node instanceof SqlSelect || node instanceof SqlOrderBy || node instanceof SqlWith
                || node instanceof SqlInsert || node instanceof SqlUpdate || node instanceof SqlDelete
                || node instanceof SqlMerge || node instanceof SqlExplain) {
            return true;
        }
        return node instanceof SqlCall call && switch (call.getKind()) {
            case UNION, INTERSECT, EXCEPT, EXPLICIT_TABLE -> true;
            default -> false;
        };
    }

    private void query(SqlNode node, QueryScope parent, Set<String> ctes) {
        if (node instanceof SqlSelect select) {
            int from = scopes.size();
            select(select, parent, ctes);
            if (parent == null && setOperation != null && setOperation.leaves().stream().anyMatch(l -> l == select)) {
                branchScopes.put(select, new int[] {from, scopes.size()});
            }
        } else if (node instanceof SqlOrderBy orderBy) {
            query(orderBy.query, parent, ctes);
            expr(orderBy.orderList, parent, ctes);
        } else if (node instanceof SqlWith with) {
            with(with, parent, ctes);
        } else if (node instanceof SqlInsert insert) {
            insert(insert, parent, ctes);
        } else if (node instanceof SqlUpdate update) {
            QueryScope scope = scope(parent);
            target(update.getTargetTable(), update.getAlias(), scope, ctes);
            where(update.getCondition(), scope, ctes);
            expr(update.getSourceExpressionList(), scope, ctes);
        } else if (node instanceof SqlDelete delete) {
            QueryScope scope = scope(parent);
            target(delete.getTargetTable(), delete.getAlias(), scope, ctes);
            where(delete.getCondition(), scope, ctes);
        } else if (node instanceof SqlMerge merge) {
            merge(merge, parent, ctes);
        } else if (node instanceof SqlExplain explain) {
            query(explain.getExplicandum(), parent, ctes);
        } else if (node instanceof SqlCall call && call.getKind() == SqlKind.EXPLICIT_TABLE) {
            from(call.operand(0), scope(parent), ctes);
        } else if (node instanceof SqlCall call && isQuery(call)) {
            for (SqlNode operand : call.getOperandList()) {
                query(operand, parent, ctes);
            }
        } else {
            expr(node, parent, ctes);
        }
    }

    private void select(SqlSelect select, QueryScope parent, Set<String> ctes) {
        QueryScope scope = scope(parent);
        selectScopes.put(select, scope);
        from(select.getFrom(), scope, ctes);
        where(select.getWhere(), scope, ctes);
        expr(select.getSelectList(), scope, ctes);
        expr(select.getGroup(), scope, ctes);
        expr(select.getHaving(), scope, ctes);
        expr(select.getWindowList(), scope, ctes);
        expr(select.getQualify(), scope, ctes);
        expr(select.getOrderList(), scope, ctes);
    }

    private void where(SqlNode condition, QueryScope scope, Set<String> ctes) {
        if (condition != null) {
            scope.conjuncts.add(condition);
            expr(condition, scope, ctes);
        }
    }

    private void with(SqlWith with, QueryScope parent, Set<String> ctes) {
        Set<String> visible = new HashSet<>(ctes);
        for (SqlNode node : with.withList) {
            SqlWithItem item = (SqlWithItem) node;
            String name = positions.lastName(item.name);
            boolean recursive = item.recursive != null && item.recursive.booleanValue();
            Set<String> forBody = visible;
            if (recursive) {
                forBody = new HashSet<>(visible);
                forBody.add(name);
            }
            int from = scopes.size();
            query(item.query, parent, forBody);
            cteScopes.put(name, new int[] {from, scopes.size()});
            visible = new HashSet<>(visible);
            visible.add(name);
        }
        query(with.body, parent, visible);
    }

    private void insert(SqlInsert insert, QueryScope parent, Set<String> ctes) {
        QueryScope scope = scope(parent);
        ScopeEntry target = target(insert.getTargetTable(), null, scope, ctes);
        SqlNode source = insert.getSource();
        if (target != null && target.keyColumn != null) {
            SqlNodeList columns = insert.getTargetColumnList();
            List<KeyValue> rows = insertedKeys(target.keyColumn, columns, source);
            target.fix(rows);
            SqlNode query = source instanceof SqlOrderBy orderBy ? orderBy.query : source;
            int position = keyPosition(target.keyColumn, columns);
            if (rows != null && ((SqlCall) source).operandCount() > 1) {
                obstacles.add(severalInsertedRows(target));
            } else if (rows == null && query instanceof SqlSelect select && position >= 0) {
                insertSources.add(new InsertSource(target, select, position));
            } else if (rows == null) {
                obstacles.add(unknownInsertKey(target));
            }
        }
        query(source, parent, ctes);
    }

    private int keyPosition(String key, SqlNodeList columns) {
        if (columns == null) {
            return -1;
        }
        int position = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i) instanceof SqlIdentifier id && key.equals(positions.lastName(id))) {
                position = i;
            }
        }
        return position;
    }

    /** The key column's value in each row of {@code INSERT (cols) VALUES (..), (..)}; null when any is not a plain value. */
    private List<KeyValue> insertedKeys(String key, SqlNodeList columns, SqlNode source) {
        if (columns == null || !(source instanceof SqlCall values) || values.getKind() != SqlKind.VALUES) {
            return null;
        }
        int position = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i) instanceof SqlIdentifier id && key.equals(positions.lastName(id))) {
                position = i;
            }
        }
        if (position < 0) {
            return null;
        }
        List<SqlNode> picked = new ArrayList<>();
        for (SqlNode row : values.getOperandList()) {
            if (!(row instanceof SqlCall call) || call.getKind() != SqlKind.ROW || call.operandCount() <= position) {
                return null;
            }
            picked.add(call.operand(position));
        }
        return this.values.values(picked);
    }

    private void merge(SqlMerge merge, QueryScope parent, Set<String> ctes) {
        QueryScope scope = scope(parent);
        ScopeEntry target = target(merge.getTargetTable(), merge.getAlias(), scope, ctes);
        from(merge.getSourceTableRef(), scope, ctes);
        where(merge.getCondition(), scope, ctes);
        SqlUpdate update = merge.getUpdateCall();
        if (update != null) {
            expr(update.getSourceExpressionList(), scope, ctes);
            expr(update.getCondition(), scope, ctes);
        }
        SqlInsert insert = merge.getInsertCall();
        if (insert != null) {
            if (target != null && target.keyColumn != null) {
                target.fix(null);
                obstacles.add("MERGE ... WHEN NOT MATCHED THEN INSERT into \"" + target.table.name()
                        + "\" would insert on every shard");
            }
            expr(insert.getSource(), scope, ctes);
        }
    }

    /** A DML target; returns its entry when it is a base table. */
    private ScopeEntry target(SqlNode table, SqlIdentifier alias, QueryScope scope, Set<String> ctes) {
        if (table instanceof SqlIdentifier id) {
            return table(id, alias == null ? null : positions.lastName(alias), scope, ctes);
        }
        from(table, scope, ctes);
        return null;
    }

    private void from(SqlNode item, QueryScope scope, Set<String> ctes) {
        if (item == null) {
            return;
        }
        if (item instanceof SqlIdentifier id) {
            table(id, null, scope, ctes);
        } else if (item instanceof SqlJoin join) {
            int start = scope.entries.size();
            from(join.getLeft(), scope, ctes);
            int middle = scope.entries.size();
            from(join.getRight(), scope, ctes);
            int end = scope.entries.size();
            JoinType type = join.getJoinType();
            if (type == JoinType.LEFT || type == JoinType.FULL) {
                optional(scope, middle, end);
            }
            if (type == JoinType.RIGHT || type == JoinType.FULL) {
                optional(scope, start, middle);
            }
            SqlNode condition = join.getCondition();
            if (condition != null) {
                if (join.getConditionType() == JoinConditionType.ON && type == JoinType.INNER) {
                    scope.conjuncts.add(condition);
                }
                if (join.getConditionType() == JoinConditionType.ON) {
                    scope.joinConditions.add(condition);
                }
                expr(condition, scope, ctes);
            }
        } else if (item instanceof SqlCall call && call.getKind() == SqlKind.AS && call.operandCount() >= 2) {
            SqlNode source = call.operand(0);
            String alias = call.operand(1) instanceof SqlIdentifier a ? positions.lastName(a) : null;
            if (source instanceof SqlIdentifier id) {
                table(id, alias, scope, ctes);
            } else if (source instanceof SqlCall inner && inner.getKind() == SqlKind.TABLESAMPLE
                    && inner.operand(0) instanceof SqlIdentifier id) {
                table(id, alias, scope, ctes);
            } else {
                ScopeEntry entry = new ScopeEntry(scope, null, alias, null);
                scope.entries.add(entry);
                if (source instanceof SqlCall v && v.getKind() == SqlKind.VALUES && call.operandCount() > 2) {
                    entry.values = v;
                    entry.valuesColumns = new ArrayList<>();
                    for (SqlNode c : call.getOperandList().subList(2, call.operandCount())) {
                        entry.valuesColumns.add(c instanceof SqlIdentifier id ? positions.lastName(id) : null);
                    }
                }
                entry.scopesFrom = scopes.size();
                derived(source, scope, ctes);
                entry.scopesTo = scopes.size();
            }
        } else if (item instanceof SqlCall call && (call.getKind() == SqlKind.TABLESAMPLE
                || call.getKind() == SqlKind.LATERAL) && call.operandCount() >= 1) {
            from(call.operand(0), scope, ctes);
        } else {
            ScopeEntry entry = new ScopeEntry(scope, null, null, null);
            scope.entries.add(entry);
            entry.scopesFrom = scopes.size();
            derived(item, scope, ctes);
            entry.scopesTo = scopes.size();
        }
    }

    private static void optional(QueryScope scope, int from, int to) {
        for (int i = from; i < to; i++) {
            scope.entries.get(i).optional = true;
        }
    }

    private void derived(SqlNode source, QueryScope scope, Set<String> ctes) {
        if (source instanceof SqlCall call && call.getKind() == SqlKind.LATERAL && call.operandCount() >= 1) {
            derived(call.operand(0), scope, ctes);
        } else if (isQuery(source)) {
            query(source, scope, ctes);
        } else {
            expr(source, scope, ctes);
        }
    }

    private ScopeEntry table(SqlIdentifier id, String alias, QueryScope scope, Set<String> ctes) {
        List<String> names = positions.names(id);
        int n = names.size();
        if (n == 1 && ctes.contains(names.get(0))) {
            ScopeEntry cte = new ScopeEntry(scope, null, alias != null ? alias : names.get(0), null);
            int[] range = cteScopes.get(names.get(0));
            if (range != null) {
                cte.scopesFrom = range[0];
                cte.scopesTo = range[1];
            }
            scope.entries.add(cte);
            return null;
        }
        TableRef ref = new TableRef(n >= 2 ? names.get(n - 2) : null, names.get(n - 1), alias);
        ScopeEntry entry = new ScopeEntry(scope, ref, ref.qualifier(), catalog.shardKeyColumn(ref.name()).orElse(null));
        scope.entries.add(entry);
        baseEntries.add(entry);
        return entry;
    }

    /** Walks an expression for subqueries, which become scopes enclosed by {@code scope}. */
    private void expr(SqlNode node, QueryScope scope, Set<String> ctes) {
        if (node == null) {
            return;
        }
        if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) {
                expr(n, scope, ctes);
            }
        } else if (isQuery(node)) {
            subqueryDepth++;
            try {
                query(node, scope, ctes);
            } finally {
                subqueryDepth--;
            }
        } else if (node instanceof SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                expr(operand, scope, ctes);
            }
        }
    }
}
