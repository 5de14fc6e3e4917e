package io.shardgate.engine;

import io.shardgate.pgwire.message.DataRow;
import java.util.List;

/**
 * OFFSET and LIMIT over the merged rows. The shards must have been asked for LIMIT offset + count each; once
 * the last row is returned the input is closed, so the shards can stop.
 */
public record Limit(long offset, long count, Operator input) implements Operator {
  /** No LIMIT (OFFSET only). */
  public static final long ALL = Long.MAX_VALUE;

  public Limit {
    if (offset < 0 || count < 0) {
      throw new IllegalArgumentException("offset and count must be >= 0");
    }
  }

  @Override
  public String label() {
    return "Limit(offset=" + offset + ", count=" + (count == ALL ? "ALL" : Long.toString(count)) + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }

  @Override
  public RowStream open(List<RowStream> shardInputs) {
    RowStream in = input.open(shardInputs);
    return new Stream(in, offset, count);
  }

  private static final class Stream extends UnaryStream {
    private long toSkip;
    private long remaining;

    Stream(RowStream in, long offset, long count) {
      super(in, in.description());
      this.toSkip = offset;
      this.remaining = count;
    }

    @Override
    public DataRow next() {
      if (remaining == 0) {
        in.close();
        return null;
      }
      DataRow row = in.next();
      while (row != null && toSkip > 0) {
        toSkip--;
        row = in.next();
      }
      if (row != null && --remaining == 0) {
        in.close();
      }
      return row;
    }
  }
}
