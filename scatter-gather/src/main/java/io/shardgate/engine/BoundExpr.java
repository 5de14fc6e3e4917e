package io.shardgate.engine;

import io.shardgate.engine.value.BoolValue;
import io.shardgate.engine.value.FloatValue;
import io.shardgate.engine.value.Format;
import io.shardgate.engine.value.LongValue;
import io.shardgate.engine.value.NumericValue;
import io.shardgate.engine.value.PgType;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** An {@link Expr} bound to a result's columns: typed, checked once, then evaluated per row. */
interface BoundExpr {
  /** The value for this row; null for SQL NULL. */
  PgValue eval(DataRow row);

  /** The type of the value. */
  PgType type();

  Set<Integer> TEXT_TYPES = Set.of(PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.BPCHAR, PgTypes.NAME);

  static BoundExpr bind(Expr e, RowDescription d) {
    PgType bool = PgTypes.of(PgTypes.BOOL);
    if (e instanceof Expr.Column c) {
      TypedColumn col = TypedColumn.bind(d, c.index(), "evaluate");
      return of(col.type(), col::value);
    }
    if (e instanceof Expr.Constant k) {
      PgType t = PgTypes.of(k.typeOid(), "evaluate");
      PgValue v = k.text() == null ? null : t.decode(k.text().getBytes(StandardCharsets.UTF_8), Format.TEXT);
      return of(t, row -> v);
    }
    if (e instanceof Expr.Comparison c) {
      BoundExpr l = bind(c.left(), d);
      BoundExpr r = bind(c.right(), d);
      Comparator<PgValue> cmp = comparator(l.type(), c.op(), r.type());
      return of(bool, row -> {
        PgValue a = l.eval(row);
        PgValue b = a == null ? null : r.eval(row);
        return b == null ? null : BoolValue.of(c.op().test(cmp.compare(a, b)));
      });
    }
    if (e instanceof Expr.And a) {
      List<BoundExpr> ops = booleans(a.operands(), d, "AND");
      return of(bool, row -> logic(ops, row, false));
    }
    if (e instanceof Expr.Or o) {
      List<BoundExpr> ops = booleans(o.operands(), d, "OR");
      return of(bool, row -> logic(ops, row, true));
    }
    if (e instanceof Expr.Not n) {
      BoundExpr x = booleans(List.of(n.operand()), d, "NOT").get(0);
      return of(bool, row -> {
        BoolValue v = (BoolValue) x.eval(row);
        return v == null ? null : BoolValue.of(!v.value());
      });
    }
    BoundExpr x = bind(((Expr.IsNull) e).operand(), d);
    return of(bool, row -> BoolValue.of(x.eval(row) == null));
  }

  /** AND ({@code decisive} false) or OR ({@code decisive} true) in three-valued logic. */
  private static PgValue logic(List<BoundExpr> ops, DataRow row, boolean decisive) {
    boolean sawNull = false;
    for (BoundExpr op : ops) {
      BoolValue v = (BoolValue) op.eval(row);
      if (v == null) {
        sawNull = true;
      } else if (v.value() == decisive) {
        return v;
      }
    }
    return sawNull ? null : BoolValue.of(!decisive);
  }

  private static List<BoundExpr> booleans(List<Expr> operands, RowDescription d, String what) {
    List<BoundExpr> bound = operands.stream().map(x -> bind(x, d)).toList();
    for (BoundExpr b : bound) {
      if (b.type().oid() != PgTypes.BOOL) {
        throw new EngineException(EngineException.DATATYPE_MISMATCH,
            "argument of " + what + " must be type boolean, not type " + b.type().name(), null, null);
      }
    }
    return bound;
  }

  /** How two operand types compare: their own ordering, or PostgreSQL's implicit numeric promotion. */
  private static Comparator<PgValue> comparator(PgType l, Expr.Op op, PgType r) {
    int fl = numericFamily(l.oid());
    int fr = numericFamily(r.oid());
    if (fl > 0 && fr > 0 && fl != fr) {
      return Math.max(fl, fr) == 3
          ? (a, b) -> FloatValue.compare(toDouble(a), toDouble(b))
          : (a, b) -> toNumeric(a).compareTo(toNumeric(b));
    }
    boolean same = l.oid() == r.oid() || fl > 0 && fl == fr
        || TEXT_TYPES.contains(l.oid()) && TEXT_TYPES.contains(r.oid());
    if (!same) {
      throw EngineException.noOperator(l.name(), op.symbol, r.name());
    }
    if (op == Expr.Op.EQ || op == Expr.Op.NE) {
      l.requireEquality();
    } else {
      l.requireOrdering();
    }
    return PgValue::compareTo;
  }

  /** 1 integers, 2 numeric, 3 floats, 0 anything else. */
  private static int numericFamily(int oid) {
    return switch (oid) {
      case PgTypes.INT2, PgTypes.INT4, PgTypes.INT8 -> 1;
      case PgTypes.NUMERIC -> 2;
      case PgTypes.FLOAT4, PgTypes.FLOAT8 -> 3;
      default -> 0;
    };
  }

  private static NumericValue toNumeric(PgValue v) {
    return v instanceof LongValue l ? NumericValue.of(l.value()) : (NumericValue) v;
  }

  private static double toDouble(PgValue v) {
    if (v instanceof FloatValue f) {
      return f.value();
    }
    return v instanceof LongValue l ? (double) l.value() : ((NumericValue) v).toDouble();
  }

  private static BoundExpr of(PgType type, java.util.function.Function<DataRow, PgValue> f) {
    return new BoundExpr() {
      @Override
      public PgValue eval(DataRow row) {
        return f.apply(row);
      }

      @Override
      public PgType type() {
        return type;
      }
    };
  }
}
