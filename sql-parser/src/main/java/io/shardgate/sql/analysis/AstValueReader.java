package io.shardgate.sql.analysis;

import io.shardgate.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** Turns a Calcite value expression (a literal or parameter, possibly cast) into a {@link KeyValue}, reading its text from the original tokens. */
final class AstValueReader {

    private final TokenStream ts;
    private final SourcePositions positions;

    AstValueReader(TokenStream ts, SourcePositions positions) {
        this.ts = ts;
        this.positions = positions;
    }

    /** The value of {@code node}, or null if it is not a plain constant or {@code $n}. */
    KeyValue value(SqlNode node) {
        node = stripCasts(node);
        if (node instanceof SqlDynamicParam) {
            int k = skipOpenParens(positions.tokenIndex(node.getParserPosition()));
            return ts.type(k, TokenType.PARAMETER) ? new KeyValue.Parameter(ts.get(k).parameterIndex(ts.sql)) : null;
        }
        if (node instanceof SqlLiteral) {
            return literal(positions.tokenIndex(node.getParserPosition()));
        }
        if (node instanceof SqlCall call && call.getKind() == SqlKind.MINUS_PREFIX && call.operandCount() == 1) {
            SqlNode operand = stripCasts(call.operand(0));
            int k = operand instanceof SqlLiteral ? positions.tokenIndex(operand.getParserPosition()) : -1;
            return ts.type(k, TokenType.NUMBER) ? new KeyValue.Literal("-" + ts.value(k)) : null;
        }
        return null;
    }

    /** All values of a list, or null if any element is not a value. */
    List<KeyValue> values(List<SqlNode> nodes) {
        List<KeyValue> out = new ArrayList<>(nodes.size());
        for (SqlNode n : nodes) {
            KeyValue v = value(n);
            if (v == null) {
                return null;
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** The values an {@code = ANY(x)} operand stands for: an array parameter or {@code ARRAY[v, ...]}; else null. */
    List<KeyValue> anyValues(SqlNode node) {
        if (node instanceof SqlNodeList list) {
            if (list.size() != 1) {
                return null;
            }
            node = list.get(0);
        }
        node = stripCasts(node);
        if (node instanceof SqlCall call && call.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR) {
            return values(call.getOperandList());
        }
        return value(node) instanceof KeyValue.Parameter p ? List.of(new KeyValue.ArrayParameter(p.index())) : null;
    }

    static SqlNode stripCasts(SqlNode node) {
        while (node instanceof SqlCall call && call.getKind() == SqlKind.CAST && call.operandCount() >= 1) {
            node = call.operand(0);
        }
        return node;
    }

    /**
     * Calcite places a parenthesised value, {@code ('42')} or {@code ($1)} as pgJDBC's simple mode sends
     * them, at its opening parenthesis: the value is the token after the parentheses.
     */
    private int skipOpenParens(int k) {
        int i = k;
        while (i >= 0 && ts.ch(i, '(')) {
            i++;
        }
        return i;
    }

    private KeyValue literal(int k) {
        k = skipOpenParens(k);
        if (k < 0) {
            return null;
        }
        boolean minus = ts.op(k, "-");
        if ((minus || ts.op(k, "+")) && ts.type(k + 1, TokenType.NUMBER)) {
            String n = ts.value(k + 1);
            return new KeyValue.Literal(minus ? "-" + n : n);
        }
        if (ts.type(k, TokenType.NUMBER)) {
            return new KeyValue.Literal(ts.value(k));
        }
        if (ts.type(k, TokenType.STRING) && !ts.type(k + 1, TokenType.STRING)) {
            return new KeyValue.Literal(ts.value(k));
        }
        return null;
    }
}
