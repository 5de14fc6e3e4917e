package io.shardgate.engine;

import io.shardgate.engine.value.PgValue;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

/**
 * The k-way merge of shard streams that are each already sorted by {@code keys} (the shards ran the ORDER BY):
 * a heap holds one head row per shard, so memory is one row per shard however long the inputs are. Ties keep
 * shard order, so the merge is stable. A shard is read again only when its head row has been returned.
 */
public record MergeSort(List<SortKey> keys, Route route) implements Operator {
  public MergeSort {
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("MergeSort needs at least one key; use Concat");
    }
  }

  @Override
  public String label() {
    return "MergeSort(keys=" + keys.stream().map(SortKey::toString).collect(Collectors.joining(", ", "[", "]")) + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(route);
  }

  @Override
  public RowStream open(List<RowStream> shardInputs) {
    List<RowStream> streams = route.streams(shardInputs);
    RowDescription d = Route.commonDescription(streams);
    return new Stream(streams, d, RowOrdering.bind(keys, d));
  }

  private record Head(DataRow row, PgValue[] keys, int input) {}

  private static final class Stream implements RowStream {
    private final List<RowStream> inputs;
    private final RowDescription description;
    private final RowOrdering ordering;
    private final PriorityQueue<Head> heap;
    private boolean started;
    private int refill = -1;

    Stream(List<RowStream> inputs, RowDescription description, RowOrdering ordering) {
      this.inputs = inputs;
      this.description = description;
      this.ordering = ordering;
      this.heap = new PriorityQueue<>(Math.max(1, inputs.size()), (a, b) -> {
        int c = ordering.compare(a.keys(), b.keys());
        return c != 0 ? c : Integer.compare(a.input(), b.input());
      });
    }

    @Override
    public RowDescription description() {
      return description;
    }

    @Override
    public DataRow next() {
      if (!started) {
        started = true;
        for (int i = 0; i < inputs.size(); i++) {
          pull(i);
        }
      } else if (refill >= 0) {
        pull(refill);
      }
      Head h = heap.poll();
      if (h == null) {
        refill = -1;
        return null;
      }
      refill = h.input();
      return h.row();
    }

    private void pull(int input) {
      DataRow row = inputs.get(input).next();
      if (row != null) {
        heap.add(new Head(row, ordering.keysOf(row), input));
      }
    }

    @Override
    public void close() {
      inputs.forEach(RowStream::close);
    }
  }
}
