package io.shardgate.engine.aggregate;

import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A list of aggregate columns bound to an input: the output row's columns and one group's running state. */
public final class AggregateLayout {
  private final List<Aggregate.Bound> bound;
  private final RowDescription description;

  private AggregateLayout(List<Aggregate.Bound> bound) {
    this.bound = bound;
    this.description = new RowDescription(bound.stream().map(Aggregate.Bound::field).toList());
  }

  public static AggregateLayout bind(List<Aggregate> columns, RowDescription input) {
    List<Aggregate.Bound> bound = new ArrayList<>();
    for (Aggregate a : columns) {
      bound.add(a.bind(input));
    }
    return new AggregateLayout(bound);
  }

  /** The output columns, one per aggregate column, in order. */
  public RowDescription description() {
    return description;
  }

  /** Fresh state for one group. */
  public Group newGroup() {
    return new Group(bound.stream().map(b -> b.accumulators().get()).toArray(Accumulator[]::new));
  }

  /** The running state of one group: one accumulator per output column. */
  public static final class Group {
    private final Accumulator[] accumulators;

    private Group(Accumulator[] accumulators) {
      this.accumulators = accumulators;
    }

    public void add(DataRow row) {
      for (Accumulator a : accumulators) {
        a.add(row);
      }
    }

    public DataRow result() {
      return new DataRow(Arrays.stream(accumulators).map(Accumulator::result).toList());
    }
  }

  /** E.g. {@code [value(0), count(1)]}. */
  public static String describe(List<Aggregate> columns) {
    return columns.stream().map(Aggregate::describe).toList().toString();
  }
}
