package io.shardgate.sql.analysis;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;

/**
 * Reads the AND-ed predicates of a scope into its {@link ScopeConstraints}: {@code col = value},
 * {@code col = col}, {@code col IN (values)}, {@code (a, b) IN ((..), (..))}, {@code col = ANY(..)}.
 * Anything else (OR, NOT, inequalities, functions of a column) adds nothing, which means "unknown".
 */
final class ConjunctReader {

    private final SourcePositions positions;
    private final AstValueReader values;

    ConjunctReader(SourcePositions positions, AstValueReader values) {
        this.positions = positions;
        this.values = values;
    }

    void apply(QueryScope scope, SqlNode predicate) {
        if (!(predicate instanceof SqlCall call)) {
            return;
        }
        SqlKind kind = call.getKind();
        if (kind == SqlKind.AND) {
            for (SqlNode operand : call.getOperandList()) {
                apply(scope, operand);
            }
        } else if (kind == SqlKind.EQUALS && call.operandCount() == 2) {
            equality(scope, call.operand(0), call.operand(1));
        } else if (kind == SqlKind.IN && call.operandCount() == 2) {
            in(scope, call.operand(0), call.operand(1));
        } else if (call.getOperator() instanceof SqlQuantifyOperator q && q.kind == SqlKind.SOME
                && q.comparisonKind == SqlKind.EQUALS && call.operandCount() == 2) {
            ColumnKey column = local(scope, call.operand(0));
            List<KeyValue> set = column == null ? null : values.anyValues(call.operand(1));
            if (set != null) {
                scope.constraints.restrict(column, set);
            }
        }
    }

    private void equality(QueryScope scope, SqlNode left, SqlNode right) {
        ColumnKey l = column(scope, left);
        ColumnKey r = column(scope, right);
        if (l != null && r != null) {
            boolean localL = l.entry().scope == scope;
            boolean localR = r.entry().scope == scope;
            if (localL && localR) {
                scope.constraints.union(l, r);
            } else if (localL) {
                scope.constraints.inherit(l, r);
            } else if (localR) {
                scope.constraints.inherit(r, l);
            }
            return;
        }
        ColumnKey column = l != null ? l : r;
        if (column == null || column.entry().scope != scope) {
            return;
        }
        KeyValue v = values.value(l != null ? right : left);
        if (v != null) {
            scope.constraints.restrict(column, List.of(v));
        }
    }

    private void in(QueryScope scope, SqlNode left, SqlNode right) {
        if (!(right instanceof SqlNodeList list) || list.isEmpty()) {
            return;
        }
        ColumnKey column = local(scope, left);
        if (column != null) {
            List<KeyValue> set = values.values(list.getList());
            if (set != null) {
                scope.constraints.restrict(column, set);
            }
            return;
        }
        if (left instanceof SqlCall row && row.getKind() == SqlKind.ROW) {
            for (int p = 0; p < row.operandCount(); p++) {
                ColumnKey c = local(scope, row.operand(p));
                List<KeyValue> set = c == null ? null : rowElements(list, p, row.operandCount());
                if (set != null) {
                    scope.constraints.restrict(c, set);
                }
            }
        }
    }

    private List<KeyValue> rowElements(SqlNodeList rows, int position, int arity) {
        java.util.ArrayList<SqlNode> picked = new java.util.ArrayList<>(rows.size());
        for (SqlNode n : rows) {
            if (!(n instanceof SqlCall row) || row.getKind() != SqlKind.ROW || row.operandCount() != arity) {
                return null;
            }
            picked.add(row.operand(position));
        }
        return values.values(picked);
    }

    private ColumnKey local(QueryScope scope, SqlNode node) {
        ColumnKey c = column(scope, node);
        return c != null && c.entry().scope == scope ? c : null;
    }

    private ColumnKey column(QueryScope scope, SqlNode node) {
        return node instanceof SqlIdentifier id && !id.isStar() ? scope.resolve(positions.names(id)) : null;
    }
}
