package io.shardgate.router.errors;

import java.util.Collection;

/** The catalogue of every error Shardgate raises itself, each with a fixed SQLSTATE. */
public final class Errors {
  /** feature_not_supported. */
  public static final String FEATURE_NOT_SUPPORTED = "0A000";
  /** protocol_violation. */
  public static final String PROTOCOL_VIOLATION = "08P01";
  /** connection_failure (a node cannot be reached). */
  public static final String CONNECTION_FAILURE = "08006";
  /** invalid_text_representation. */
  public static final String INVALID_TEXT = "22P02";
  /** numeric_value_out_of_range. */
  public static final String OUT_OF_RANGE = "22003";
  /** in_failed_sql_transaction. */
  public static final String IN_FAILED_TRANSACTION = "25P02";
  /** invalid_authorization_specification. */
  public static final String INVALID_AUTHORIZATION = "28000";
  /** invalid_catalog_name. */
  public static final String INVALID_CATALOG = "3D000";
  /** internal_error: only for bugs. */
  public static final String INTERNAL = "XX000";
  /** admin_shutdown. */
  public static final String ADMIN_SHUTDOWN = "57P01";
  /** sqlclient_unable_to_establish_sqlconnection. */
  public static final String CANNOT_CONNECT = "08001";
  /** idle_session_timeout (PostgreSQL 14+). */
  public static final String IDLE_SESSION_TIMEOUT = "57P05";
  /** idle_in_transaction_session_timeout. */
  public static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";
  /** bad_copy_file_format. */
  public static final String BAD_COPY_FORMAT = "22P04";

  private Errors() {}

  public static SqlError missingShardKey(String table, String keyColumn, String colo) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "statement on sharded table \"" + table + "\" has no equality on its shard key \"" + keyColumn + "\"",
        "Table \"" + table + "\" belongs to colo \"" + colo + "\"; without a shard key value the statement would "
            + "need every shard, and fan-out is not supported for this statement.",
        "Add a condition such as WHERE " + keyColumn + " = <value> (or INSERT a value for " + keyColumn + ").");
  }

  public static SqlError fanoutHere(String why) {
    return new SqlError(FEATURE_NOT_SUPPORTED, "a statement without a shard key value cannot fan out " + why,
        "Statements without a shard key run on every shard; that is supported for SELECTs outside transactions.",
        "Add an equality on the shard key, or run the query outside a transaction.");
  }

  public static SqlError crossColo(Collection<String> colos) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "statement joins tables of different colos: " + String.join(", ", colos),
        "Tables of different colos are sharded by different keys; no single shard holds the rows they join.",
        "Query each colo separately, or put the tables in one colo.");
  }

  public static SqlError shardedWithUnsharded(String sharded, String unsharded) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "statement mixes sharded table \"" + sharded + "\" with unsharded table \"" + unsharded + "\"",
        "Unsharded tables live on the home node only; the shards of \"" + sharded + "\" cannot see them.",
        "Make \"" + unsharded + "\" a reference table, or query the two tables separately.");
  }

  public static SqlError qualifiedShardedTable(String schema, String table) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "schema-qualified name \"" + schema + "." + table + "\" of a sharded table cannot be routed",
        "A qualified name would bypass the shard's view and read the node's base table, which holds other shards' rows.",
        "Use the unqualified name \"" + table + "\".");
  }

  /** A row of a multi-row INSERT whose shard key is not a plain value: its shard cannot be known. */
  public static SqlError insertRowKey(String table, String key, int row, String written) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "row " + row + " of the INSERT into sharded table \"" + table + "\" has no plain value for the shard key \""
            + key + "\" (" + (written.isEmpty() ? "empty" : written) + ")",
        "The rows of an INSERT are split by shard, which needs each row's shard key as a literal (not NULL, DEFAULT or an expression).",
        "Give every row a literal value of \"" + key + "\".");
  }

  public static SqlError multiShard(String table, int shards) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "statement on sharded table \"" + table + "\" touches " + shards + " shards",
        "Statements that span several shards are not supported for this statement.",
        "Send one statement per shard key value.");
  }

  public static SqlError ambiguousJoin(String table) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "cannot prove that every table of the statement is on one shard (table \"" + table + "\" has no shard key value)",
        null,
        "Give every sharded table of the statement an equality on its shard key with the same value.");
  }

  /** As {@link #ambiguousJoin(String)}, with the reason the statement cannot run on every shard either. */
  public static SqlError ambiguousJoin(String table, String reason) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "cannot prove that every table of the statement is on one shard (table \"" + table + "\" has no shard key "
            + "value), and it cannot run shard by shard: " + reason,
        "Without one shard for all its rows the statement would run on every shard, which gives the right answer only "
            + "when each shard can answer for its own rows.",
        "Give every sharded table of the statement an equality on its shard key with the same value, or join the "
            + "tables on their shard keys.");
  }

  public static SqlError referenceWrite(String table) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "a write to reference table \"" + table + "\" cannot run with other tables in one statement",
        "A reference table has a copy on every node, written on all of them at once; a statement that also reads a "
            + "sharded or unsharded table would see different rows on each node.",
        "Write the reference table in a statement of its own (a transaction keeps it atomic with the rest).");
  }

  public static SqlError analysisFailed(String table) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "could not analyse a statement that references sharded table \"" + table + "\"",
        "Shardgate's parser did not understand the statement, so it cannot prove which shard holds its rows.",
        "Simplify the statement, or add a shard hint.");
  }

  /** A statement without one shard for all its rows that would answer wrongly if each shard ran it (the reason). */
  public static SqlError notShardLocal(String table, String keyColumn, String reason) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "statement on sharded table \"" + table + "\" cannot run shard by shard: " + reason,
        "Without a shard key value the statement would run on every shard, which gives the right answer only when "
            + "each shard can answer for its own rows.",
        "Join the colo's tables on their shard key (a." + keyColumn + " = b." + keyColumn + "), or add WHERE "
            + keyColumn + " = <value>.");
  }

  /** A SELECT with a data-modifying WITH that would run on several shards. */
  public static SqlError modifyingQueryOnShards(String table, String keyColumn) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "a SELECT whose WITH writes sharded table \"" + table + "\" cannot run on every shard",
        "The merge of a fan-out may stop reading shards early (LIMIT), which would cut the writes short.",
        "Add WHERE " + keyColumn + " = <value>, or write with UPDATE/DELETE ... RETURNING directly.");
  }

  /** A statement kind that cannot run on a sharded table through the router; {@code what} names it. */
  public static SqlError unsupportedOnShardedTable(String what, String table, String detail, String hint) {
    return new SqlError(FEATURE_NOT_SUPPORTED, what + " on sharded table \"" + table + "\" is not supported",
        detail, hint);
  }

  /** COMMIT of a transaction that wrote on several nodes while {@code cross_node_writes: reject}. */
  public static SqlError crossNodeWritesRejected(java.util.List<String> nodes) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "transaction wrote on nodes " + String.join(", ", nodes) + " and was rolled back",
        "The config sets transactions.cross_node_writes: reject, so a transaction may write on one node only.",
        "Keep the transaction's writes on one shard key value, or set cross_node_writes: two_phase.");
  }

  /** A participant of a two-phase commit could not prepare (its transaction had been aborted). */
  public static SqlError prepareAborted(String node) {
    return new SqlError("40000",
        "transaction rolled back: its part on node \"" + node + "\" could not be prepared for commit", null,
        "Retry the transaction.");
  }

  /** The connection carrying the commit decision broke: recovery finishes the transaction one way or the other. */
  public static SqlError commitOutcomeUnknown(String node, String gid) {
    return new SqlError("08007",
        "connection to node \"" + node + "\" was lost during COMMIT; the transaction's outcome is unknown",
        gid == null ? null : "Shardgate's recovery commits or rolls back every part of transaction " + gid
            + " as its commit record says.",
        "Check whether the transaction's changes are there before retrying it.");
  }

  /** A fan-out ran longer than {@code limits.fanout_timeout}; PostgreSQL's statement-timeout SQLSTATE. */
  public static SqlError fanoutTimeout(String colo, int shards, java.time.Duration limit) {
    return new SqlError("57014", "canceling statement due to statement timeout",
        "The statement ran on the " + shards + " shards of colo \"" + colo + "\" for longer than limits.fanout_timeout ("
            + limit.toMillis() + " ms); every shard was cancelled.",
        "Add a shard key value to the statement, or raise limits.fanout_timeout.");
  }

  public static SqlError inFailedTransaction() {
    return new SqlError(IN_FAILED_TRANSACTION,
        "current transaction is aborted, commands ignored until end of transaction block", null, null);
  }

  public static SqlError parameterInSimpleQuery(int index) {
    return new SqlError("42P02", "there is no parameter $" + index, null, null);
  }

  public static SqlError nodeUnavailable(String node, String reason) {
    return new SqlError(CONNECTION_FAILURE, "node \"" + node + "\" is unavailable: " + reason, null,
        "Check that the node is running and reachable from Shardgate.");
  }

  /** A backend connection could not be had: Shardgate's own error (pool timeout) as is, else the node is unavailable. */
  public static SqlError acquireFailed(String node, Throwable error) {
    Throwable t = error;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof SqlError e) {
      return e;
    }
    return nodeUnavailable(node, rootMessage(t));
  }

  /** The message of the innermost cause of {@code t} (its class name when it has none). */
  public static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.toString() : c.getMessage();
  }

  /** An error of the scatter-gather engine, with its SQLSTATE, detail and hint, as the client sees it. */
  public static SqlError fromEngine(io.shardgate.engine.EngineException e) {
    return new SqlError(e.sqlState(), e.getMessage(), e.detail(), e.hint());
  }

  /** The node answered 'N' to the SSLRequest while tls.backend_mode demands TLS. */
  public static SqlError nodeWithoutTls(String node, String mode) {
    return new SqlError(CANNOT_CONNECT, "node \"" + node + "\" does not accept TLS connections, and tls.backend_mode is "
        + mode, "The node answered 'N' to Shardgate's SSLRequest.",
        "Turn on ssl on the node (ssl = on, ssl_cert_file, ssl_key_file), or set tls.backend_mode to prefer or disabled.");
  }

  /** TLS to a node could not be set up (handshake, certificate or host name check). */
  public static SqlError nodeTlsFailed(String node, String reason) {
    return new SqlError(CANNOT_CONNECT, "cannot connect to node \"" + node + "\" over TLS: " + reason, null,
        "Check the node's certificate against tls.backend_root_cert, and for verify-full that it names the node's host.");
  }

  /** The client was idle outside a transaction for longer than limits.client_idle_timeout. */
  public static SqlError idleSessionTimeout() {
    return new SqlError(IDLE_SESSION_TIMEOUT, "terminating connection due to idle-session timeout", null,
        "Shardgate closes connections idle for longer than limits.client_idle_timeout.");
  }

  /** The client was idle inside a transaction for longer than limits.idle_in_transaction_timeout. */
  public static SqlError idleInTransactionTimeout() {
    return new SqlError(IDLE_IN_TRANSACTION_TIMEOUT, "terminating connection due to idle-in-transaction timeout", null,
        "The transaction was rolled back. Shardgate closes connections idle inside a transaction for longer than "
            + "limits.idle_in_transaction_timeout.");
  }

  /** The router is shutting down. */
  public static SqlError adminShutdown() {
    return new SqlError(ADMIN_SHUTDOWN, "terminating connection due to administrator command", null, null);
  }

  /** Binary COPY data that does not follow PostgreSQL's format. */
  public static SqlError badCopyFormat(String message) {
    return new SqlError(BAD_COPY_FORMAT, message, "Nothing was loaded.",
        "Send the binary COPY format: the PGCOPY signature, flags, header extension, tuples, and the -1 trailer.");
  }

  public static SqlError protocolViolation(String message) {
    return new SqlError(PROTOCOL_VIOLATION, message, null, null);
  }

  public static SqlError unsupportedMessage(char type) {
    return new SqlError(FEATURE_NOT_SUPPORTED, "protocol message '" + type + "' is not supported yet", null,
        "Use the simple query protocol (for pgJDBC: preferQueryMode=simple).");
  }

  public static SqlError invalidKeyValue(String type, String text) {
    return new SqlError(INVALID_TEXT, "invalid input syntax for type " + type + ": \"" + text + "\"", null, null);
  }

  public static SqlError internal(Throwable cause) {
    return new SqlError(INTERNAL, "internal error in Shardgate: " + cause, null, "This is a bug; please report it.");
  }
}
