package io.shardgate.engine;

import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import java.util.Iterator;
import java.util.List;

/** A row stream over rows already in memory: scripted shard inputs in tests, results the router computed. */
public final class ListRowStream implements RowStream {
  private final RowDescription description;
  private final Iterator<DataRow> rows;
  private boolean closed;

  public ListRowStream(RowDescription description, List<DataRow> rows) {
    this.description = description;
    this.rows = List.copyOf(rows).iterator();
  }

  public static ListRowStream of(RowDescription description, DataRow... rows) {
    return new ListRowStream(description, List.of(rows));
  }

  @Override
  public RowDescription description() {
    return description;
  }

  @Override
  public DataRow next() {
    return !closed && rows.hasNext() ? rows.next() : null;
  }

  /** Whether a consumer closed this stream (tests check that LIMIT releases its inputs). */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
