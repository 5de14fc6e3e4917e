package io.shardgate.router.fanout;

import io.shardgate.engine.EngineException;
import io.shardgate.engine.RowStream;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;

/** A merged stream without its first {@code count} columns: sort keys the shards returned for the merge only. */
final class LeadingColumnsDropped implements RowStream {
  private final RowStream in;
  private final int count;
  private final RowDescription description;

  LeadingColumnsDropped(RowStream in, int count) {
    this.in = in;
    this.count = count;
    RowDescription d = in.description();
    if (d.fields().size() < count) {
      throw EngineException.internal("the shards returned " + d.fields().size() + " columns, fewer than the "
          + count + " hidden sort columns the plan expects");
    }
    this.description = new RowDescription(d.fields().subList(count, d.fields().size()));
  }

  @Override
  public RowDescription description() {
    return description;
  }

  @Override
  public DataRow next() {
    DataRow row = in.next();
    return row == null ? null : new DataRow(row.values().subList(count, row.values().size()));
  }

  @Override
  public void close() {
    in.close();
  }
}
