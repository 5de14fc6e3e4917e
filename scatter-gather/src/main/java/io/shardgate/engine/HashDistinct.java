package io.shardgate.engine;

import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DISTINCT over unsorted input: returns each row whose key it has not seen yet, streaming, remembering every
 * distinct key (memory grows with the number of distinct keys, not with the number of rows).
 */
public record HashDistinct(List<Integer> columns, Operator input) implements Operator {
  public HashDistinct {
    columns = List.copyOf(columns);
  }

  /** SELECT DISTINCT over every column. */
  public static HashDistinct all(Operator input) {
    return new HashDistinct(List.of(), input);
  }

  @Override
  public String label() {
    return "HashDistinct(columns=" + KeyColumns.describe(columns) + ")";
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
    private final Set<List<PgValue>> seen = new HashSet<>();

    Stream(RowStream in, KeyColumns keys) {
      super(in, in.description());
      this.keys = keys;
    }

    @Override
    public DataRow next() {
      for (DataRow row = in.next(); row != null; row = in.next()) {
        if (seen.add(keys.keyOf(row))) {
          return row;
        }
      }
      return null;
    }
  }
}
