package io.shardgate.router.fanout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;

/**
 * The shard-key column of each table of the colo a fan-out runs on (table name to column, lower case). A window
 * whose PARTITION BY includes a table's shard key sees whole partitions on every shard, so the shards can compute
 * it; without keys (or without such a partition) windows are refused.
 */
public record ShardKeys(Map<String, String> keyByTable) {
  public static final ShardKeys NONE = new ShardKeys(Map.of());

  public ShardKeys {
    keyByTable = Map.copyOf(keyByTable);
  }

  /** Whether {@code window} partitions by the shard key of a colo table in {@code select}'s FROM. */
  boolean partitionsByKey(SqlWindow window, SqlSelect select) {
    if (keyByTable.isEmpty() || window.getPartitionList() == null) {
      return false;
    }
    Map<String, String> tableByQualifier = new HashMap<>();
    tables(select.getFrom(), tableByQualifier);
    for (SqlNode p : window.getPartitionList()) {
      if (!(p instanceof SqlIdentifier id) || id.isStar()) {
        continue;
      }
      List<String> names = id.names;
      String column = names.get(names.size() - 1);
      if (names.size() == 1) {
        for (String table : tableByQualifier.values()) {
          if (column.equals(keyByTable.get(table))) {
            return true;
          }
        }
      } else {
        String table = tableByQualifier.get(names.get(names.size() - 2));
        if (table != null && column.equals(keyByTable.get(table))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the FROM item {@code from} holds a table of the colo (then each of its rows lives on one shard).
   * Without keys nothing is known and every item counts as one.
   */
  boolean holdsColoTable(SqlNode from) {
    if (keyByTable.isEmpty()) {
      return true;
    }
    if (from instanceof SqlSelect || (from instanceof SqlCall c && c.getKind() == SqlKind.AS
        && c.operand(0) instanceof SqlSelect)) {
      return true; // a derived table: its own FROM is checked when it is read
    }
    Map<String, String> tables = new HashMap<>();
    tables(from, tables);
    return tables.values().stream().anyMatch(keyByTable::containsKey);
  }

  private static void tables(SqlNode from, Map<String, String> out) {
    if (from == null) {
      return;
    }
    if (from instanceof SqlIdentifier id) {
      String table = id.names.get(id.names.size() - 1);
      out.put(table, table);
    } else if (from instanceof SqlJoin join) {
      tables(join.getLeft(), out);
      tables(join.getRight(), out);
    } else if (from.getKind() == SqlKind.AS && from instanceof SqlCall as
        && as.operand(0) instanceof SqlIdentifier id && as.operand(1) instanceof SqlIdentifier alias) {
      out.put(alias.getSimple(), id.names.get(id.names.size() - 1));
    }
  }
}
