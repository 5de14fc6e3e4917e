package io.shardgate.engine;

import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.List;

/**
 * UNION ALL of the shards' rows, shard by shard in shard order: the merge for statements without ORDER BY,
 * where PostgreSQL promises no order either.
 */
public record Concat(Route route) implements Operator {
  @Override
  public String label() {
    return "Concat";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(route);
  }

  @Override
  public RowStream open(List<RowStream> shardInputs) {
    List<RowStream> streams = route.streams(shardInputs);
    return new Stream(streams, Route.commonDescription(streams));
  }

  private static final class Stream implements RowStream {
    private final List<RowStream> inputs;
    private final RowDescription description;
    private int current;

    Stream(List<RowStream> inputs, RowDescription description) {
      this.inputs = inputs;
      this.description = description;
    }

    @Override
    public RowDescription description() {
      return description;
    }

    @Override
    public DataRow next() {
      while (current < inputs.size()) {
        DataRow row = inputs.get(current).next();
        if (row != null) {
          return row;
        }
        current++;
      }
      return null;
    }

    @Override
    public void close() {
      inputs.forEach(RowStream::close);
    }
  }
}
