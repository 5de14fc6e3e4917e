package io.shardgate.router.fanout;

import io.shardgate.engine.Expr;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.sql.lexer.TokenType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * HAVING as an engine {@link Expr} over the merged groups: AND, OR, NOT, the six comparisons, IS [NOT] NULL
 * and BETWEEN, whose operands are aggregate calls, grouping columns, and constants (numbers, strings,
 * booleans, {@code 'x'::type}, {@code CAST('x' AS type)}, {@code DATE 'x'}). A string constant without a
 * cast is text, as the engine compares it; anything else is refused, never approximated.
 */
final class HavingTranslator {
  private static final Map<SqlKind, Expr.Op> COMPARISONS = Map.of(SqlKind.EQUALS, Expr.Op.EQ,
      SqlKind.NOT_EQUALS, Expr.Op.NE, SqlKind.LESS_THAN, Expr.Op.LT, SqlKind.LESS_THAN_OR_EQUAL, Expr.Op.LE,
      SqlKind.GREATER_THAN, Expr.Op.GT, SqlKind.GREATER_THAN_OR_EQUAL, Expr.Op.GE);

  private static final Map<String, Integer> TYPES = Map.ofEntries(Map.entry("integer", PgTypes.INT4),
      Map.entry("int", PgTypes.INT4), Map.entry("int4", PgTypes.INT4), Map.entry("bigint", PgTypes.INT8),
      Map.entry("int8", PgTypes.INT8), Map.entry("smallint", PgTypes.INT2), Map.entry("int2", PgTypes.INT2),
      Map.entry("numeric", PgTypes.NUMERIC), Map.entry("decimal", PgTypes.NUMERIC),
      Map.entry("real", PgTypes.FLOAT4), Map.entry("float4", PgTypes.FLOAT4), Map.entry("double", PgTypes.FLOAT8),
      Map.entry("float8", PgTypes.FLOAT8), Map.entry("float", PgTypes.FLOAT8), Map.entry("text", PgTypes.TEXT),
      Map.entry("varchar", PgTypes.VARCHAR), Map.entry("boolean", PgTypes.BOOL), Map.entry("bool", PgTypes.BOOL),
      Map.entry("date", PgTypes.DATE), Map.entry("time", PgTypes.TIME), Map.entry("timestamp", PgTypes.TIMESTAMP),
      Map.entry("timestamptz", PgTypes.TIMESTAMPTZ), Map.entry("timestamp_tz", PgTypes.TIMESTAMPTZ),
      Map.entry("interval", PgTypes.INTERVAL), Map.entry("uuid", PgTypes.UUID));

  private final SourceTokens ts;
  private final AggregatePlanner columns;

  HavingTranslator(SourceTokens ts, AggregatePlanner columns) {
    this.ts = ts;
    this.columns = columns;
  }

  Expr translate(SqlNode node) {
    SqlKind kind = node.getKind();
    if (kind == SqlKind.AND || kind == SqlKind.OR) {
      List<Expr> operands = new ArrayList<>();
      for (SqlNode n : ((SqlCall) node).getOperandList()) {
        operands.add(translate(n));
      }
      return kind == SqlKind.AND ? new Expr.And(operands) : new Expr.Or(operands);
    }
    if (kind == SqlKind.NOT) {
      return Expr.not(translate(((SqlCall) node).operand(0)));
    }
    Expr.Op op = COMPARISONS.get(kind);
    if (op != null) {
      SqlCall c = (SqlCall) node;
      return Expr.compare(value(c.operand(0)), op, value(c.operand(1)));
    }
    if (kind == SqlKind.IS_NULL || kind == SqlKind.IS_NOT_NULL) {
      Expr isNull = Expr.isNull(value(((SqlCall) node).operand(0)));
      return kind == SqlKind.IS_NULL ? isNull : Expr.not(isNull);
    }
    if (kind == SqlKind.BETWEEN && node instanceof SqlBasicCall c
        && c.getOperator() instanceof SqlBetweenOperator between
        && between.flag == SqlBetweenOperator.Flag.ASYMMETRIC) {
      Expr x = value(c.operand(0));
      Expr range = Expr.and(Expr.compare(x, Expr.Op.GE, value(c.operand(1))),
          Expr.compare(x, Expr.Op.LE, value(c.operand(2))));
      return between.isNegated() ? Expr.not(range) : range;
    }
    throw FanoutRefusal.having("\"" + FanoutRefusal.show(node) + "\"");
  }

  private Expr value(SqlNode node) {
    if (AggregateCalls.contains(node)) {
      if (!AggregateCalls.isAggregate(node)) {
        throw FanoutRefusal.expressionOverAggregate(FanoutRefusal.show(node));
      }
      return Expr.column(columns.column(node, null));
    }
    if (node instanceof SqlIdentifier id && !id.isStar()) {
      int start = token(id.getParserPosition());
      return Expr.column(columns.column(node, new Span(start, start + 2 * id.names.size() - 1)));
    }
    if (node instanceof SqlLiteral literal) {
      return constant(literal, null);
    }
    if (node.getKind() == SqlKind.CAST && ((SqlCall) node).operand(0) instanceof SqlLiteral literal) {
      SqlDataTypeSpec spec = (SqlDataTypeSpec) ((SqlCall) node).operand(1);
      return constant(literal, spec.getTypeName().getSimple().toLowerCase(Locale.ROOT));
    }
    throw FanoutRefusal.having("operand \"" + FanoutRefusal.show(node) + "\"");
  }

  /** A literal read back from the client's tokens; {@code castTo} the type it is cast to, if any. */
  private Expr constant(SqlLiteral literal, String castTo) {
    int i = token(literal.getParserPosition());
    Integer castOid = castTo == null ? null : TYPES.get(castTo);
    if (castTo != null && castOid == null) {
      throw FanoutRefusal.having("cast to type " + castTo);
    }
    if (literal instanceof SqlNumericLiteral) {
      boolean negative = ts.ch(i, '-');
      if (negative || ts.ch(i, '+')) {
        i++;
      }
      if (!ts.type(i, TokenType.NUMBER)) {
        throw FanoutRefusal.having("constant " + FanoutRefusal.show(literal));
      }
      String digits = (negative ? "-" : "") + ts.value(i);
      return Expr.constant(digits, castOid != null ? castOid : numberType(digits));
    }
    if (ts.type(i, TokenType.STRING)) {
      return Expr.constant(ts.value(i), castOid != null ? castOid : PgTypes.TEXT);
    }
    if (ts.type(i, TokenType.IDENTIFIER) && ts.type(i + 1, TokenType.STRING)) { // DATE '2024-01-01'
      Integer typed = TYPES.get(ts.value(i));
      if (typed == null || castOid != null) {
        throw FanoutRefusal.having("constant " + ts.text(i, i + 2));
      }
      return Expr.constant(ts.value(i + 1), typed);
    }
    if (ts.word(i, "true") || ts.word(i, "false")) {
      return Expr.constant(ts.value(i), castOid != null ? castOid : PgTypes.BOOL);
    }
    throw FanoutRefusal.having("constant " + FanoutRefusal.show(literal));
  }

  /** PostgreSQL's type of a numeric constant: integer, bigint, else numeric. */
  private static int numberType(String digits) {
    if (digits.indexOf('.') >= 0 || digits.indexOf('e') >= 0 || digits.indexOf('E') >= 0) {
      return PgTypes.NUMERIC;
    }
    BigInteger v = new BigInteger(digits);
    if (v.bitLength() < 32) {
      return PgTypes.INT4;
    }
    return v.bitLength() < 64 ? PgTypes.INT8 : PgTypes.NUMERIC;
  }

  private int token(SqlParserPos pos) {
    int i = pos.getLineNum() == 1 ? ts.indexAt(pos.getColumnNum() - 1) : -1;
    if (i < 0) {
      throw FanoutRefusal.unparsable("The router could not find a HAVING operand in the text.");
    }
    return i;
  }
}
