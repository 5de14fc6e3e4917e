package io.shardgate.router.frontend;

import io.shardgate.router.backend.BackendConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client's transaction as the router sees it. BEGIN is answered at once and kept, with the SAVEPOINT,
 * RELEASE, ROLLBACK TO, SET LOCAL and SET TRANSACTION that follow it (the opening script), until a statement
 * picks a backend. The transaction then has one backend connection per node it reached (its participants),
 * each opened with the opening script so far, so that isolation level and savepoints are the same everywhere.
 * Shards of one node share the node's participant: the statement's shard schema is put on its search_path with
 * SET LOCAL, so the transaction sees its own writes on the node and cannot wait for itself there.
 */
final class TransactionState {
  /** One node's backend transaction and the search_path it runs with now. */
  static final class Participant {
    final BackendConnection conn;
    /** The shard schema on the search_path (null: the node's default path); unknown after ROLLBACK TO. */
    String schema;
    boolean schemaKnown = true;

    Participant(BackendConnection conn) {
      this.conn = conn;
      this.schema = conn.key().schema();
    }

    /** A script that ran on the connection left {@code current} on the search_path. */
    void assume(String current) {
      schema = current;
      schemaKnown = true;
    }

    /** The SET LOCAL that puts {@code wanted} on the search_path, or null when it is there already. */
    String switchTo(String wanted) {
      if (schemaKnown && java.util.Objects.equals(schema, wanted)) {
        return null;
      }
      assume(wanted);
      return searchPath(wanted);
    }

    /** {@code SET LOCAL search_path} to a shard schema, or (null) to the node's default path. */
    static String searchPath(String schema) {
      return "SET LOCAL search_path TO " + (schema == null ? "\"$user\", public" : "\"" + schema + "\"");
    }
  }

  private List<String> opening;
  private final Map<String, Participant> participants = new LinkedHashMap<>();
  private boolean failedLocally;
  /** Opened by the router around one statement (a reference-table write outside BEGIN). */
  private boolean implicit;

  /** The ReadyForQuery status byte the client must see. */
  char status() {
    if (failedLocally) {
      return 'E';
    }
    for (Participant p : participants.values()) {
      if (p.conn.transactionStatus() == 'E') {
        return 'E';
      }
    }
    return opening != null || !participants.isEmpty() ? 'T' : 'I';
  }

  boolean inTransaction() {
    return opening != null || !participants.isEmpty() || failedLocally;
  }

  /** BEGIN was answered but no statement has reached a node yet. */
  boolean hasDeferredBegin() {
    return opening != null && participants.isEmpty();
  }

  void begin(String statement) {
    opening = new ArrayList<>(List.of(statement));
    implicit = false;
  }

  /** A transaction the router opens itself around one statement. */
  void beginImplicit() {
    begin("BEGIN");
    implicit = true;
  }

  boolean implicit() {
    return implicit;
  }

  /** BEGIN inside a router-opened transaction: from now on an ordinary transaction block. */
  void makeExplicit(String statement) {
    implicit = false;
    if (participants.isEmpty()) {
      opening = new ArrayList<>(List.of(statement));
    }
  }

  /** Records a statement that every participant that joins later replays after BEGIN. */
  void defer(String statement) {
    if (opening == null) {
      opening = new ArrayList<>();
    }
    opening.add(statement);
  }

  /** The statements that open the transaction on a new participant. */
  String openingScript() {
    return opening == null ? "BEGIN" : String.join(";\n", opening);
  }

  Participant participant(String node) {
    return participants.get(node);
  }

  Participant participantOf(BackendConnection conn) {
    for (Participant p : participants.values()) {
      if (p.conn == conn) {
        return p;
      }
    }
    return null;
  }

  boolean isParticipant(BackendConnection conn) {
    return participantOf(conn) != null;
  }

  Collection<Participant> participants() {
    return participants.values();
  }

  List<BackendConnection> connections() {
    return participants.values().stream().map(p -> p.conn).toList();
  }

  /** Any participant (the first to join), for statements that may run anywhere; null when there is none. */
  Participant any() {
    return participants.isEmpty() ? null : participants.values().iterator().next();
  }

  /** {@code conn} joins the transaction (its node had no participant). */
  Participant join(BackendConnection conn) {
    if (opening == null) {
      opening = new ArrayList<>(List.of("BEGIN")); // a statement opened a transaction by itself
    }
    Participant p = new Participant(conn);
    participants.put(conn.key().node(), p);
    return p;
  }

  /** After ROLLBACK TO, the search_path of every participant is whatever it was at the savepoint. */
  void forgetSchemas() {
    participants.values().forEach(p -> p.schemaKnown = false);
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

  /** Ends the transaction; returns its participants' connections (to release). */
  List<BackendConnection> end() {
    List<BackendConnection> conns = connections();
    participants.clear();
    opening = null;
    failedLocally = false;
    implicit = false;
    return conns;
  }

  /** One participant's transaction ended by itself (COMMIT or ROLLBACK passed through to its only backend). */
  void leave(BackendConnection conn) {
    participants.values().removeIf(p -> p.conn == conn);
    if (participants.isEmpty()) {
      end();
    }
  }
}
