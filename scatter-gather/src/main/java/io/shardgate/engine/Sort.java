package io.shardgate.engine;

import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A full, stable in-memory sort of its input. Only for inputs the router produced itself and that are small
 * by construction (the groups of a {@link HashAggregate} ordered by an aggregate); shard rows are merged by
 * {@link MergeSort} instead, never buffered.
 */
public record Sort(List<SortKey> keys, Operator input) implements Operator {
  public Sort {
    keys = List.copyOf(keys);
  }

  @Override
  public String label() {
    return "Sort(keys=" + keys.stream().map(SortKey::toString).collect(Collectors.joining(", ", "[", "]")) + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }

  @Override
  public RowStream open(List<RowStream> shardInputs) {
    RowStream in = input.open(shardInputs);
    return new Stream(in, RowOrdering.bind(keys, in.description()));
  }

  private record Keyed(PgValue[] keys, DataRow row) {}

  private static final class Stream extends UnaryStream {
    private final RowOrdering ordering;
    private Iterator<Keyed> sorted;

    Stream(RowStream in, RowOrdering ordering) {
      super(in, in.description());
      this.ordering = ordering;
    }

    @Override
    public DataRow next() {
      if (sorted == null) {
        List<Keyed> all = new ArrayList<>();
        for (DataRow r = in.next(); r != null; r = in.next()) {
          all.add(new Keyed(ordering.keysOf(r), r));
        }
        all.sort((a, b) -> ordering.compare(a.keys(), b.keys())); // List.sort is stable
        sorted = all.iterator();
      }
      return sorted.hasNext() ? sorted.next().row() : null;
    }
  }
}
