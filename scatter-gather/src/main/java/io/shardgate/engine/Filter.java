package io.shardgate.engine;

import io.shardgate.engine.value.BoolValue;
import io.shardgate.engine.value.PgTypes;
import io.shardgate.pgwire.message.DataRow;
import java.util.List;

/**
 * HAVING over merged rows: keeps the rows for which {@code predicate} is true (not false, not NULL). HAVING
 * must run after the re-combination, never on the shards, because a group's partials on one shard say
 * nothing about the group's total.
 */
public record Filter(Expr predicate, Operator input) implements Operator {
  @Override
  public String label() {
    return "Filter(" + predicate.describe() + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }

  @Override
  public RowStream open(List<RowStream> shardInputs) {
    RowStream in = input.open(shardInputs);
    BoundExpr p = BoundExpr.bind(predicate, in.description());
    if (p.type().oid() != PgTypes.BOOL) {
      throw new EngineException(EngineException.DATATYPE_MISMATCH,
          "argument of HAVING must be type boolean, not type " + p.type().name(), null, null);
    }
    return new Stream(in, p);
  }

  private static final class Stream extends UnaryStream {
    private final BoundExpr predicate;

    Stream(RowStream in, BoundExpr predicate) {
      super(in, in.description());
      this.predicate = predicate;
    }

    @Override
    public DataRow next() {
      for (DataRow row = in.next(); row != null; row = in.next()) {
        if (BoolValue.TRUE.equals(predicate.eval(row))) {
          return row;
        }
      }
      return null;
    }
  }
}
