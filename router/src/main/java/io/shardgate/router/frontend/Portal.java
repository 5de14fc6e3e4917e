package io.shardgate.router.frontend;

import io.shardgate.router.backend.BackendConnection;

/**
 * A bound portal: either open on a backend connection, or answered by the router itself
 * (transaction control that the router defers, DISCARD ALL).
 */
record Portal(String name, ClientStatement statement, BackendConnection backend, LocalAction local, String settingToRecord,
              String openingToRecord) {
  /** What a locally answered portal does when executed; returns its command tag. */
  interface LocalAction {
    String execute();
  }

  boolean isLocal() {
    return local != null;
  }
}
