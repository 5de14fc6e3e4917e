package io.shardgate.router.frontend;

import io.shardgate.router.backend.BackendConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's transaction as the router sees it. BEGIN is answered at once and kept (with any
 * SAVEPOINT or SET LOCAL that follows) until the first statement that picks a backend; from then
 * the transaction is pinned to that backend connection until it ends.
 */
final class TransactionState {
  private List<String> deferred;
  private BackendConnection pinned;
  private boolean failedLocally;

  /** The ReadyForQuery status byte the client must see. */
  char status() {
    if (failedLocally) {
      return 'E';
    }
    if (pinned != null) {
      return pinned.transactionStatus();
    }
    return deferred != null ? 'T' : 'I';
  }

  boolean inTransaction() {
    return status() != 'I';
  }

  boolean hasDeferredBegin() {
    return deferred != null && pinned == null;
  }

  void begin(String statement) {
    deferred = new ArrayList<>(List.of(statement));
  }

  void defer(String statement) {
    deferred.add(statement);
  }

  /** The statements to replay on the backend that the transaction is about to be pinned to. */
  String deferredScript() {
    return String.join(";\n", deferred);
  }

  BackendConnection pinned() {
    return pinned;
  }

  void pin(BackendConnection conn) {
    pinned = conn;
    deferred = null;
  }

  boolean failedLocally() {
    return failedLocally;
  }

  /** A statement of the transaction was refused by the router: the transaction is aborted. */
  void failLocally() {
    if (inTransaction()) {
      failedLocally = true;
    }
  }

  void clearLocalFailure() {
    failedLocally = false;
  }

  /** Ends the transaction; returns the pinned backend (to release), or null. */
  BackendConnection takePinned() {
    BackendConnection c = pinned;
    pinned = null;
    deferred = null;
    failedLocally = false;
    return c;
  }
}
