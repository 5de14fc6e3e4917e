package io.shardgate.router.backend;

import io.shardgate.pgwire.Frame;

/**
 * Drains a connection its client gave up while a query or transaction was still open: reads and
 * drops the node's replies until every sent query is answered, then offers it to the pool again
 * (which rolls back an open transaction first).
 */
final class ReturnWhenIdle implements FrameSink {
  private final BackendPool pool;
  private final BackendConnection conn;

  ReturnWhenIdle(BackendPool pool, BackendConnection conn) {
    this.pool = pool;
    this.conn = conn;
  }

  @Override
  public void onFrame(Frame frame) {
    boolean ready = frame.type() == 'Z';
    frame.release();
    if (ready && conn.awaitingReplies() == 0) {
      pool.release(conn);
    }
  }

  @Override
  public void onBackendFailure(Throwable cause) {
    pool.close(conn);
  }
}
