package io.shardgate.router.frontend;

import io.shardgate.pgwire.Frame;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.FrameSink;

/**
 * A client's LISTEN session: a backend connection to the home node that the client keeps for itself
 * (it leaves the pool) so that NotificationResponses reach the client whenever they arrive.
 */
final class NotificationListener implements FrameSink {
  private final ClientSession session;
  final BackendConnection conn;

  NotificationListener(ClientSession session, BackendConnection conn) {
    this.session = session;
    this.conn = conn;
  }

  /** Back to listening after the client's LISTEN/UNLISTEN statement ran on the connection. */
  void idle() {
    conn.attach(this);
  }

  @Override
  public void onFrame(Frame frame) {
    if (frame.type() == 'A' && session.ctx.channel().isActive()) {
      session.ctx.writeAndFlush(frame); // asynchronous message: allowed at any time
    } else {
      frame.release();
    }
  }

  @Override
  public void onBackendFailure(Throwable cause) {
    session.listenerLost(this);
  }
}
