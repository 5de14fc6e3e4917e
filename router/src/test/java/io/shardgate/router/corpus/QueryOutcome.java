package io.shardgate.router.corpus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.Field;
import org.postgresql.jdbc.PgResultSetMetaData;

/**
 * What one statement did on one side of the differential test: an error (SQLSTATE and message), or the
 * column names and types, the rows in text form in arrival order, and the update count.
 */
record QueryOutcome(String sqlState, String error, List<String> columns, List<String> rows, long updateCount) {

  /** How two outcomes are compared. */
  enum Comparison {
    /** Rows as multisets: no ORDER BY fixes their order. */
    MULTISET,
    /** Rows in order: ORDER BY is a total order. */
    ORDERED,
    /** Columns and row count only: the values depend on the server, the clock or the physical layout. */
    SHAPE
  }

  /** Runs {@code s} (as a pgJDBC prepared statement with {@code values} bound to its {@code $n}) on {@code c}. */
  static QueryOutcome run(Connection c, CorpusStatement s, List<String> values) {
    try (PreparedStatement ps = c.prepareStatement(s.jdbcSql())) {
      List<Integer> order = s.jdbcOrder();
      for (int i = 0; i < order.size(); i++) {
        ps.setString(i + 1, values.get(order.get(i) - 1));
      }
      boolean hasRows = ps.execute();
      List<String> columns = new ArrayList<>();
      List<String> rows = new ArrayList<>();
      long count = -1;
      if (hasRows) {
        try (ResultSet rs = ps.getResultSet()) {
          ResultSetMetaData md = rs.getMetaData();
          Field[] fields = fields(md);
          for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i) + " oid " + fields[i - 1].getOID());
          }
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              String v = rs.getString(i);
              row.append(i > 1 ? " | " : "").append(v == null ? "NULL" : v);
            }
            rows.add(row.toString());
          }
        }
      } else {
        count = ps.getLargeUpdateCount();
      }
      return new QueryOutcome(null, null, columns, rows, count);
    } catch (SQLException e) {
      return new QueryOutcome(e.getSQLState(), e.getMessage(), List.of(), List.of(), -1);
    }
  }

  /**
   * The RowDescription fields, read without pgJDBC's metadata accessors: getColumnTypeName, isNullable and
   * friends may run catalog queries, which through the router go to the home node (a bug of its own, see
   * CorpusDifferentialIT#jdbcColumnMetadataThroughTheRouter).
   */
  private static Field[] fields(ResultSetMetaData md) throws SQLException {
    try {
      java.lang.reflect.Field f = PgResultSetMetaData.class.getDeclaredField("fields");
      f.setAccessible(true);
      return (Field[]) f.get(md.unwrap(PgResultSetMetaData.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("pgJDBC's PgResultSetMetaData has no fields array any more", e);
    }
  }

  boolean failed() {
    return sqlState != null;
  }

  /**
   * Whether the router refused a fan-out itself (0A000 naming the fan-out), rather than a shard failing it:
   * PostgreSQL uses 0A000 too (e.g. TABLESAMPLE on a view), and such an error is a difference, not a refusal.
   */
  boolean fanoutRefused() {
    return "0A000".equals(sqlState) && (error.contains("every shard") || error.contains("fan out"));
  }

  /** Null when {@code other} (the router's) agrees with this (plain PostgreSQL's) outcome, else what differs. */
  String difference(QueryOutcome other, Comparison how) {
    if (failed() || other.failed()) {
      if (failed() && other.failed() && sqlState.equals(other.sqlState)) {
        return null;
      }
      return "plain: " + describeError() + "\n      router: " + other.describeError();
    }
    if (!columns.equals(other.columns)) {
      return "columns: plain " + columns + ", router " + other.columns;
    }
    if (updateCount != other.updateCount) {
      return "update count: plain " + updateCount + ", router " + other.updateCount;
    }
    if (how == Comparison.SHAPE) {
      return rows.size() == other.rows.size() ? null
          : "row count: plain " + rows.size() + ", router " + other.rows.size();
    }
    List<String> mine = new ArrayList<>(rows);
    List<String> theirs = new ArrayList<>(other.rows);
    if (how == Comparison.MULTISET) {
      mine.sort(null);
      theirs.sort(null);
    }
    if (mine.equals(theirs)) {
      return null;
    }
    List<String> missing = new ArrayList<>(mine);
    other.rows.forEach(missing::remove);
    List<String> extra = new ArrayList<>(theirs);
    rows.forEach(extra::remove);
    return "rows (" + how.name().toLowerCase() + "): plain " + rows.size() + ", router " + other.rows.size()
        + (missing.isEmpty() && extra.isEmpty() ? "; same rows, different order:\n        plain  " + rows
            + "\n        router " + other.rows
            : "; only on plain: " + missing + "; only through router: " + extra);
  }

  private String describeError() {
    return failed() ? sqlState + " " + error.lines().findFirst().orElse("")
        : "ok (" + rows.size() + " rows, count " + updateCount + ")";
  }
}
