package io.shardgate.engine;

import io.shardgate.engine.aggregate.Aggregate;
import io.shardgate.engine.aggregate.AggregateLayout;
import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import java.util.List;

/**
 * GROUP BY over input sorted on the grouping columns (a {@link MergeSort} of the shards' per-group partials):
 * combines each run of equal keys into one row, streaming, one group in memory. Output columns are
 * {@code columns}, in order. Without GROUP BY ({@code groupBy} empty) the whole input is one group and exactly
 * one row comes out, even from no input rows (count 0, everything else NULL), as PostgreSQL answers.
 */
public record OrderedAggregate(List<Integer> groupBy, List<Aggregate> columns, Operator input) implements Operator {
  public OrderedAggregate {
    groupBy = List.copyOf(groupBy);
    columns = List.copyOf(columns);
  }

  @Override
  public String label() {
    return "OrderedAggregate(groupBy=" + groupBy + ", columns=" + AggregateLayout.describe(columns) + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }

  @Override
  public RowStream open(List<RowStream> shardInputs) {
    RowStream in = input.open(shardInputs);
    AggregateLayout layout = AggregateLayout.bind(columns, in.description());
    return new Stream(in, layout, KeyColumns.bind(groupBy, in.description(), false), groupBy.isEmpty());
  }

  private static final class Stream extends UnaryStream {
    private final AggregateLayout layout;
    private final KeyColumns keys;
    private final boolean scalar;
    private DataRow pending;
    private boolean started;
    private boolean done;

    Stream(RowStream in, AggregateLayout layout, KeyColumns keys, boolean scalar) {
      super(in, layout.description());
      this.layout = layout;
      this.keys = keys;
      this.scalar = scalar;
    }

    @Override
    public DataRow next() {
      if (done) {
        return null;
      }
      DataRow first = started ? pending : in.next();
      if (first == null) {
        done = true;
        // A plain aggregate answers one row even over no rows; a grouped one answers none.
        return scalar && !started ? layout.newGroup().result() : null;
      }
      started = true;
      List<PgValue> key = keys.keyOf(first);
      AggregateLayout.Group group = layout.newGroup();
      group.add(first);
      for (DataRow row = in.next(); ; row = in.next()) {
        if (row == null || !keys.keyOf(row).equals(key)) {
          pending = row;
          done = row == null;
          return group.result();
        }
        group.add(row);
      }
    }
  }
}
