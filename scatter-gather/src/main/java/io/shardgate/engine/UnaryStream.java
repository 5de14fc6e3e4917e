package io.shardgate.engine;

import io.shardgate.pgwire.message.RowDescription;

/** The part every one-input operator's stream shares: the input, the output columns, closing. */
abstract class UnaryStream implements RowStream {
  protected final RowStream in;
  private final RowDescription description;

  UnaryStream(RowStream in, RowDescription description) {
    this.in = in;
    this.description = description;
  }

  @Override
  public final RowDescription description() {
    return description;
  }

  @Override
  public void close() {
    in.close();
  }
}
