package io.shardgate.engine;

import io.shardgate.engine.value.PgTypes;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A tiny expression language over merged rows, for HAVING ({@link Filter}) and computed output columns
 * ({@link Project}): column references, typed constants, comparisons, AND / OR / NOT and IS NULL, with
 * SQL's three-valued logic. Comparisons follow PostgreSQL's ordering of the operand types; integer, numeric
 * and float operands mix as PostgreSQL's implicit casts mix them (to numeric, or to double precision).
 */
public sealed interface Expr {
  /** E.g. {@code (#1 > '5'::bigint)}; columns are 0-based, written {@code #i}. */
  String describe();

  /** The value of column {@code index} (0-based) of the input rows. */
  record Column(int index) implements Expr {
    @Override
    public String describe() {
      return "#" + index;
    }
  }

  /** A constant given in PostgreSQL's text form for type {@code typeOid}; {@code text} null is a typed NULL. */
  record Constant(String text, int typeOid) implements Expr {
    @Override
    public String describe() {
      String type = PgTypes.find(typeOid).map(t -> t.name()).orElse("oid " + typeOid);
      return (text == null ? "NULL" : "'" + text.replace("'", "''") + "'") + "::" + type;
    }
  }

  /** The six comparison operators. */
  enum Op {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** Whether a comparison result (negative, zero, positive) satisfies this operator. */
    boolean test(int c) {
      return switch (this) {
        case EQ -> c == 0;
        case NE -> c != 0;
        case LT -> c < 0;
        case LE -> c <= 0;
        case GT -> c > 0;
        case GE -> c >= 0;
      };
    }
  }

  /** {@code left op right}; NULL if either side is NULL. */
  record Comparison(Op op, Expr left, Expr right) implements Expr {
    @Override
    public String describe() {
      return "(" + left.describe() + " " + op.symbol + " " + right.describe() + ")";
    }
  }

  /** Conjunction: false if any operand is false, else NULL if any is NULL. */
  record And(List<Expr> operands) implements Expr {
    public And {
      operands = List.copyOf(operands);
    }

    @Override
    public String describe() {
      return operands.stream().map(Expr::describe).collect(Collectors.joining(" AND ", "(", ")"));
    }
  }

  /** Disjunction: true if any operand is true, else NULL if any is NULL. */
  record Or(List<Expr> operands) implements Expr {
    public Or {
      operands = List.copyOf(operands);
    }

    @Override
    public String describe() {
      return operands.stream().map(Expr::describe).collect(Collectors.joining(" OR ", "(", ")"));
    }
  }

  /** Negation; NOT NULL is NULL. */
  record Not(Expr operand) implements Expr {
    @Override
    public String describe() {
      return "(NOT " + operand.describe() + ")";
    }
  }

  /** {@code operand IS NULL}, never NULL itself. */
  record IsNull(Expr operand) implements Expr {
    @Override
    public String describe() {
      return "(" + operand.describe() + " IS NULL)";
    }
  }

  static Column column(int index) {
    return new Column(index);
  }

  static Constant constant(String text, int typeOid) {
    return new Constant(text, typeOid);
  }

  static Comparison compare(Expr left, Op op, Expr right) {
    return new Comparison(op, left, right);
  }

  static And and(Expr... operands) {
    return new And(List.of(operands));
  }

  static Or or(Expr... operands) {
    return new Or(List.of(operands));
  }

  static Not not(Expr operand) {
    return new Not(operand);
  }

  static IsNull isNull(Expr operand) {
    return new IsNull(operand);
  }
}
