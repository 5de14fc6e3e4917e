package io.shardgate.engine;

import io.shardgate.engine.aggregate.Aggregate;
import io.shardgate.engine.aggregate.AggregateLayout;
import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GROUP BY over unsorted input (a {@link Concat} of the shards' partials): one running group per distinct key
 * in a hash table, emitted in first-seen order once the input is exhausted. Memory grows with the number of
 * groups. Same output and empty-input rules as {@link OrderedAggregate}.
 */
public record HashAggregate(List<Integer> groupBy, List<Aggregate> columns, Operator input) implements Operator {
  public HashAggregate {
    groupBy = List.copyOf(groupBy);
    columns = List.copyOf(columns);
  }

  @Override
  public String label() {
    return "HashAggregate(groupBy=" + groupBy + ", columns=" + AggregateLayout.describe(columns) + ")";
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
    private Iterator<AggregateLayout.Group> groups;

    Stream(RowStream in, AggregateLayout layout, KeyColumns keys, boolean scalar) {
      super(in, layout.description());
      this.layout = layout;
      this.keys = keys;
      this.scalar = scalar;
    }

    @Override
    public DataRow next() {
      if (groups == null) {
        Map<List<PgValue>, AggregateLayout.Group> table = new LinkedHashMap<>();
        for (DataRow row = in.next(); row != null; row = in.next()) {
          table.computeIfAbsent(keys.keyOf(row), k -> layout.newGroup()).add(row);
        }
        if (table.isEmpty() && scalar) {
          table.put(List.of(), layout.newGroup());
        }
        groups = table.values().iterator();
      }
      return groups.hasNext() ? groups.next().result() : null;
    }
  }
}
