package io.shardgate.router.limits;

import io.shardgate.router.errors.SqlError;

/**
 * The view of a client session that idle timeouts and graceful shutdown need. Both methods are
 * called on the session's event loop.
 */
public interface ClientActivity {
  /** What the session is doing now. */
  IdleState idleState();

  /** Sends {@code error} as FATAL and closes the connection; closing releases (and rolls back) its backends. */
  void terminate(SqlError error);
}
