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

  public static SqlError referenceWrite(String table) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "writes to reference table \"" + table + "\" are not supported yet",
        "A reference table has a copy on every node; writing it needs an atomic commit on all of them.",
        "Write the table on each node directly until multi-node commit is available.");
  }

  public static SqlError analysisFailed(String table) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "could not analyse a statement that references sharded table \"" + table + "\"",
        "Shardgate's parser did not understand the statement, so it cannot prove which shard holds its rows.",
        "Simplify the statement, or add a shard hint.");
  }

  public static SqlError crossShardTransaction(String pinned, String wanted) {
    return new SqlError(FEATURE_NOT_SUPPORTED,
        "transaction is on " + pinned + " and cannot also run a statement on " + wanted,
        "A transaction stays on the shard of its first statement; transactions across shards are not supported yet.",
        "Commit the transaction first, or keep each transaction on one shard key value.");
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
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return nodeUnavailable(node, root.getMessage() == null ? root.toString() : root.getMessage());
  }

  /** An error of the scatter-gather engine, with its SQLSTATE, detail and hint, as the client sees it. */
  public static SqlError fromEngine(io.shardgate.engine.EngineException e) {
    return new SqlError(e.sqlState(), e.getMessage(), e.detail(), e.hint());
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
