package io.shardgate.router.frontend;

import io.shardgate.router.backend.BackendConnection;

/**
 * A bound portal: either open on a backend connection, or answered by the router itself
 * (transaction control that the router defers, DISCARD ALL).
 */
record Portal(String name, ClientStatement statement, BackendConnection backend, LocalAction local, String settingToRecord,
              String openingToRecord, java.util.List<io.shardgate.pgwire.message.BackendMessage> result) {
  /** A portal the router already ran (on every node, for a reference-table write): its reply, kept for Describe and Execute. */
  static Portal ran(String name, ClientStatement statement, java.util.List<io.shardgate.pgwire.message.BackendMessage> result) {
    return new Portal(name, statement, null, () -> null, null, null, result);
  }

  /** What a locally answered portal does when executed; returns its command tag. */
  interface LocalAction {
    String execute();
  }

  boolean isLocal() {
    return local != null;
  }
}
