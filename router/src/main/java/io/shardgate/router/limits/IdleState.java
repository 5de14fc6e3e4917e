package io.shardgate.router.limits;

/** What a client session is doing, as idle timeouts and the shutdown drain see it. */
public enum IdleState {
  /** Not yet past startup and authentication. */
  STARTING,
  /** A statement, COPY or extended-protocol batch is under way: never interrupted for idleness. */
  BUSY,
  /** Waiting for the client outside a transaction. */
  IDLE,
  /** Waiting for the client inside a transaction (a backend may be pinned to it). */
  IDLE_IN_TRANSACTION
}
