package io.shardgate.router.fanout;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * The name PostgreSQL gives an unaliased output column (its FigureColname, for the common shapes): a column
 * reference's last name, a function's name, a cast's operand's name, {@code case}, else {@code ?column?}.
 * Used to resolve {@code ORDER BY name} to an output column as PostgreSQL does; the names the client sees
 * always come from the shards' own RowDescription.
 */
final class OutputNames {
  static final String UNNAMED = "?column?";

  private OutputNames() {}

  static String of(SqlNode node) {
    if (node instanceof SqlIdentifier id) {
      List<String> names = id.names;
      return id.isStar() ? UNNAMED : names.get(names.size() - 1);
    }
    if (!(node instanceof SqlCall call)) {
      return UNNAMED;
    }
    switch (call.getKind()) {
      case CAST, FILTER, ITEM -> {
        return of(call.operand(0));
      }
      case CASE -> {
        return "case";
      }
      case ROW -> {
        return "row";
      }
      case ARRAY_VALUE_CONSTRUCTOR -> {
        return "array";
      }
      case EXISTS -> {
        return "exists";
      }
      default -> {
        String f = AggregateCalls.name(call);
        return f != null ? f : UNNAMED;
      }
    }
  }
}
