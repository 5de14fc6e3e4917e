package io.shardgate.router.frontend;

import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.topology.Node;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The primary-key and unique constraints of the colo tables, read from the home node's base tables, so that
 * {@code INSERT INTO t ... ON CONFLICT ON CONSTRAINT name} can be sent to a shard as {@code ON CONFLICT (columns)}:
 * on a shard the table is its shard schema's view, which has no constraints of its own (PostgreSQL would answer
 * 42704), while a column list is inferred through the view to the base table's unique index.
 */
final class ColoConstraints {
  private static final String SQL = "SELECT r.relname, c.conname,"
      + " '(' || string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord) || ')'"
      + " FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class r ON r.oid = c.conrelid"
      + " CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)"
      + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
      + " WHERE c.contype IN ('p', 'u') AND r.relnamespace = 'public'::regnamespace AND r.relname = ANY (?)"
      + " GROUP BY r.relname, c.conname";

  /** "table/constraint" to its parenthesised column list. */
  private volatile Map<String, String> columns = Map.of();

  /** Reads the constraints of {@code tables} on {@code home} (JDBC; call off the event loops). */
  void refresh(Node home, List<String> tables) {
    try (Connection c = DriverManager.getConnection(home.jdbcUrl(), home.jdbcProperties());
         PreparedStatement p = c.prepareStatement(SQL)) {
      p.setArray(1, c.createArrayOf("text", tables.toArray()));
      Map<String, String> found = new HashMap<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3));
        }
      }
      columns = Map.copyOf(found);
    } catch (SQLException e) {
      // the home node is down or the database is new: the node answers ON CONSTRAINT with its own error
    }
  }

  /** {@code sql} with {@code ON CONFLICT ON CONSTRAINT name} of a colo table's constraint spliced to its columns. */
  String rewrite(String sql) {
    Map<String, String> known = columns;
    if (known.isEmpty() || !sql.toLowerCase(Locale.ROOT).contains("constraint")) {
      return sql;
    }
    List<Token> t = SqlLexer.significantTokens(sql);
    String table = null;
    for (int i = 0; i + 1 < t.size(); i++) {
      if (t.get(i).isWord(sql, "insert") && t.get(i + 1).isWord(sql, "into") && i + 2 < t.size()) {
        table = t.get(i + 2).value(sql);
      }
      if (table != null && i + 4 < t.size() && t.get(i).isWord(sql, "on") && t.get(i + 1).isWord(sql, "conflict")
          && t.get(i + 2).isWord(sql, "on") && t.get(i + 3).isWord(sql, "constraint")) {
        String list = known.get(table + "/" + t.get(i + 4).value(sql));
        if (list != null) {
          return sql.substring(0, t.get(i + 2).start()) + list + sql.substring(t.get(i + 4).end());
        }
      }
    }
    return sql;
  }
}
