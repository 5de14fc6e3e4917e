package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;

/**
 * The SELECTs of a statement that is a set operation (UNION [ALL], INTERSECT [ALL], EXCEPT [ALL]) at its top, with
 * an optional ORDER BY / LIMIT of the whole. Such a statement can run shard by shard when each branch can: the
 * router's merge (not the shards) computes the set operation over all shards' rows, so each shard only has to return
 * its own rows of every branch. Shapes the merge does not take (a mix of operators, INTERSECT / EXCEPT of more than
 * two SELECTs, a branch that is not a SELECT) carry the reason they cannot run shard by shard.
 *
 * @param leaves the branches, left to right
 * @param obstacle why the statement cannot run shard by shard whatever its branches read, or null
 */
record SetOperationBranches(List<SqlSelect> leaves, String obstacle) {

    /** The branches of {@code root}, or null when it is not a set operation at the top. */
    static SetOperationBranches of(SqlNode root) {
        SqlNode top = root instanceof SqlOrderBy orderBy ? orderBy.query : root;
        if (!isSetOperation(top)) {
            return null;
        }
        SqlCall call = (SqlCall) top;
        List<SqlSelect> leaves = new ArrayList<>();
        String obstacle = collect(call, call.getOperator(), leaves);
        return new SetOperationBranches(leaves, obstacle);
    }

    private static String collect(SqlNode node, SqlOperator operator, List<SqlSelect> leaves) {
        if (node instanceof SqlSelect select) {
            leaves.add(select);
            return null;
        }
        if (isSetOperation(node)) {
            SqlCall call = (SqlCall) node;
            if (!call.getOperator().getName().equals(operator.getName())) {
                return "a mix of set operations (" + operator.getName() + " and " + call.getOperator().getName()
                        + ") is not merged across shards";
            }
            String first = null;
            for (SqlNode operand : call.getOperandList()) {
                String obstacle = call.getKind() != SqlKind.UNION && isSetOperation(operand)
                        && ((SqlCall) operand).getOperator().getName().equals(operator.getName())
                        ? operator.getName() + " of more than two SELECTs is not merged across shards"
                        : collect(operand, operator, leaves);
                first = first == null ? obstacle : first;
            }
            return first;
        }
        if (node instanceof SqlCall call && call.getKind() == SqlKind.VALUES) {
            return "a VALUES branch of " + operator.getName() + " reads no sharded table, so every shard would "
                    + "return its rows";
        }
        return "a branch of " + operator.getName() + " that is not a plain SELECT (with its own ORDER BY, LIMIT or "
                + "WITH) would be applied by each shard to its own rows only";
    }

    private static boolean isSetOperation(SqlNode node) {
        return node instanceof SqlCall call && switch (call.getKind()) {
            case UNION, INTERSECT, EXCEPT -> true;
            default -> false;
        };
    }
}
