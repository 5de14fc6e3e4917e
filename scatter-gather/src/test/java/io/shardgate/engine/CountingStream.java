package io.shardgate.engine;

import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;

/** Wraps a shard input and counts the rows pulled from it, to prove operators stream instead of buffering. */
final class CountingStream implements RowStream {
  private final RowStream inner;
  int pulled;
  boolean closed;

  CountingStream(RowStream inner) {
    this.inner = inner;
  }

  @Override
  public RowDescription description() {
    return inner.description();
  }

  @Override
  public DataRow next() {
    DataRow r = inner.next();
    if (r != null) {
      pulled++;
    }
    return r;
  }

  @Override
  public void close() {
    closed = true;
    inner.close();
  }
}
