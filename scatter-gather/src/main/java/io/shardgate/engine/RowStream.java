package io.shardgate.engine;

import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;

/**
 * A pull iterator over one result: its columns, then its rows until {@code null}. Both calls may block until
 * a shard has sent enough (see {@link QueueRowStream}). Closing early (LIMIT reached, client gone) releases
 * the inputs, which lets a shard's producer cancel its query. Not thread-safe: one consumer.
 */
public interface RowStream extends AutoCloseable {
  /** The columns of every row; known before the first row. */
  RowDescription description();

  /** The next row, or {@code null} when the result is complete; throws the error that ended it, if any. */
  DataRow next();

  /** Releases this stream and its inputs; idempotent. */
  @Override
  void close();
}
