package io.shardgate.sql.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/**
 * Guards the Calcite version: 1.42.0 reportedly parses {@code a = 1 AND b::int = 5} as a cast of the
 * whole AND. With the Babel configuration the analyzer uses, {@code ::} must bind to {@code b} only.
 */
class CalciteUpgradeGuardTest {

    @Test
    void infixCastBindsToItsOperandOnly() throws Exception {
        SqlNode node = BabelParser.parse("SELECT * FROM t WHERE a = 1 AND b::int = 5");
        SqlNode where = assertInstanceOf(SqlSelect.class, node).getWhere();
        SqlCall and = assertInstanceOf(SqlBasicCall.class, where);
        assertEquals(SqlKind.AND, and.getKind());
        assertEquals(2, and.operandCount());
        SqlCall first = (SqlCall) and.operand(0);
        SqlCall second = (SqlCall) and.operand(1);
        assertEquals(SqlKind.EQUALS, first.getKind());
        assertEquals(SqlKind.EQUALS, second.getKind());
        assertEquals(SqlKind.CAST, ((SqlCall) second.operand(0)).getKind());
        assertEquals("b", assertInstanceOf(SqlIdentifier.class, ((SqlCall) second.operand(0)).operand(0)).getSimple());
        assertEquals("5", second.operand(1).toString());
    }
}
