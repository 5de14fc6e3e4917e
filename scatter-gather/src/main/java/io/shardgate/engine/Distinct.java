package io.shardgate.engine;

import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import java.util.List;

/**
 * DISTINCT over input sorted so that equal keys are adjacent (a {@link MergeSort} on the distinct columns):
 * keeps the first row of each run of equal keys, streaming. {@code columns} empty means all columns (SELECT
 * DISTINCT); a subset gives DISTINCT ON, where the first row per key is the first in the input's order.
 */
public record Distinct(List<Integer> columns, Operator input) implements Operator {
  public Distinct {
    columns = List.copyOf(columns);
  }

  /** SELECT DISTINCT over every column. */
  public static Distinct all(Operator input) {
    return new Distinct(List.of(), input);
  }

  @Override
  public String label() {
    return "Distinct(columns=" + KeyColumns.describe(columns) + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }

  @Override
  public RowStream open(List<RowStream> shardInputs) {
    RowStream in = input.open(shardInputs);
    return new Stream(in, KeyColumns.bind(columns, in.description(), true));
  }

  private static final class Stream extends UnaryStream {
    private final KeyColumns keys;
    private List<PgValue> previous;

    Stream(RowStream in, KeyColumns keys) {
      super(in, in.description());
      this.keys = keys;
    }

    @Override
    public DataRow next() {
      for (DataRow row = in.next(); row != null; row = in.next()) {
        List<PgValue> key = keys.keyOf(row);
        if (!key.equals(previous)) {
          previous = key;
          return row;
        }
      }
      return null;
    }
  }
}
