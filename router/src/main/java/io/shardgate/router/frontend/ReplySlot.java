package io.shardgate.router.frontend;

import io.shardgate.pgwire.message.BackendMessage;

/**
 * One expected reply of an extended-protocol batch, kept in the order the client sent its messages:
 * a message the router answers itself, or backend replies to forward (or to swallow, for messages the
 * router injected) up to a terminal message type.
 */
record ReplySlot(Kind kind, BackendMessage local, String terminals, Runnable onSuccess, Runnable onError) {
  enum Kind {
    /** Answered by the router: {@link #local} is written when the slot reaches the head. */
    LOCAL,
    /** Backend replies go to the client. */
    FORWARD,
    /** Backend replies are dropped (errors still reach the client). */
    SWALLOW,
    /** A simple Query the router injected: dropped up to its ReadyForQuery, errors included in the count. */
    SWALLOW_QUERY
  }

  static ReplySlot local(BackendMessage message) {
    return new ReplySlot(Kind.LOCAL, message, "", null, null);
  }

  static ReplySlot forward(String terminals, Runnable onSuccess) {
    return new ReplySlot(Kind.FORWARD, null, terminals, onSuccess, null);
  }

  static ReplySlot swallow(String terminals, Runnable onError) {
    return new ReplySlot(Kind.SWALLOW, null, terminals, null, onError);
  }

  static ReplySlot swallowQuery() {
    return new ReplySlot(Kind.SWALLOW_QUERY, null, "Z", null, null);
  }

  boolean endsWith(byte type) {
    return terminals.indexOf((char) type) >= 0;
  }

  boolean isSync() {
    return kind == Kind.FORWARD && "Z".equals(terminals);
  }
}
