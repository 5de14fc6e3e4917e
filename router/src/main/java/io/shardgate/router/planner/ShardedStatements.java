package io.shardgate.router.planner;

import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.sql.analysis.Analysis;
import io.shardgate.sql.analysis.StatementKind;

/**
 * Utility statements on a sharded table (PREPARE, ANALYZE, VACUUM, EXPLAIN) whose route the planner
 * cannot take, refused with the reason and what to do instead.
 */
final class ShardedStatements {
  private ShardedStatements() {}

  /** Throws for a statement of {@code analysis}'s command that the router cannot run on sharded {@code table}. */
  static void refuseUnsupported(Analysis analysis, String table, String keyColumn) {
    if (analysis.tableSample()) {
      throw Errors.unsupportedOnShardedTable("TABLESAMPLE", table,
          "On a shard the table is a view of the shard's rows, and PostgreSQL samples only tables and materialized "
              + "views.",
          "Sample with WHERE random() < <fraction>, or ORDER BY random() LIMIT <n>.");
    }
    if (analysis.kind() != StatementKind.OTHER) {
      return;
    }
    switch (analysis.command()) {
      case "prepare" -> throw Errors.unsupportedOnShardedTable("SQL-level PREPARE of a statement", table,
          "EXECUTE names no table, so Shardgate could not route it to the shard of its parameters.",
          "Use your driver's protocol-level prepared statements (Parse/Bind): Shardgate routes them by their bound "
              + "values.");
      case "vacuum" -> throw Errors.unsupportedOnShardedTable("VACUUM", table,
          "VACUUM cannot run inside a transaction block, and the table's rows are spread over every node.",
          "Run VACUUM on each node directly.");
      case "analyze", "analyse" -> throw Errors.unsupportedOnShardedTable("ANALYZE in the extended query protocol",
          table, "ANALYZE of a sharded table runs on every node, which only the simple query protocol does.",
          "Send ANALYZE as a simple query (pgJDBC: preferQueryMode=simple, or psql).");
      default -> { }
    }
  }

  /** The refusal of a statement without one shard that is neither a SELECT nor a row write (EXPLAIN, COPY ...). */
  static SqlError notOnEveryShard(Analysis analysis, String table, String keyColumn, String colo) {
    if (analysis.kind() == StatementKind.MERGE) {
      return Errors.unsupportedOnShardedTable("MERGE without one shard key value", table,
          "It would run on every shard, where the table is a view, and PostgreSQL before 17 cannot MERGE into a view.",
          "Add " + keyColumn + " to the join condition with a value, or write UPDATE ... FROM (VALUES ...) / INSERT ... "
              + "ON CONFLICT.");
    }
    if (analysis.kind() == StatementKind.EXPLAIN) {
      return Errors.unsupportedOnShardedTable("EXPLAIN of a statement without one shard key value", table,
          "The statement would run on every shard, each with a plan of its own.",
          "Add WHERE " + keyColumn + " = <value> to see the plan of one shard, or SHARDGATE EXPLAIN <statement> to "
              + "see the route.");
    }
    return Errors.missingShardKey(table, keyColumn, colo);
  }
}
