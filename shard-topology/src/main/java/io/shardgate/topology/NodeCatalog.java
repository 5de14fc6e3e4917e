package io.shardgate.topology;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What one node's database already holds that provisioning cares about, read from its system catalogs. */
final class NodeCatalog {
  /** One column of a public table: its type (domains resolved to their base type) and whether its collation is deterministic. */
  record Column(String type, boolean deterministicCollation) {}

  private final String encoding;
  private final Set<String> schemas = new HashSet<>();
  private final Map<String, Character> relations = new HashMap<>();
  private final Map<String, Map<String, Column>> publicColumns = new HashMap<>();

  private NodeCatalog(String encoding) {
    this.encoding = encoding;
  }

  /** Reads the given schemas, their relations, and the columns of the given public tables. */
  static NodeCatalog read(Connection c, Collection<String> schemaNames, Collection<String> publicTables) throws SQLException {
    NodeCatalog catalog;
    try (PreparedStatement s = c.prepareStatement("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()");
         ResultSet rs = s.executeQuery()) {
      rs.next();
      catalog = new NodeCatalog(rs.getString(1));
    }
    Set<String> wanted = new HashSet<>(schemaNames);
    wanted.add("public");
    Array names = c.createArrayOf("text", wanted.toArray());
    try (PreparedStatement s = c.prepareStatement("SELECT nspname FROM pg_namespace WHERE nspname = ANY(?)")) {
      s.setArray(1, names);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          catalog.schemas.add(rs.getString(1));
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT n.nspname, c.relname, c.relkind FROM pg_class c "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY(?)")) {
      s.setArray(1, names);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          catalog.relations.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3).charAt(0));
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT c.relname, a.attname, "
        + "format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END, NULL), "
        + "coalesce((SELECT collisdeterministic FROM pg_collation WHERE oid = a.attcollation), true) "
        + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "JOIN pg_type t ON t.oid = a.atttypid "
        + "WHERE n.nspname = 'public' AND c.relname = ANY(?) AND a.attnum > 0 AND NOT a.attisdropped")) {
      s.setArray(1, c.createArrayOf("text", publicTables.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          catalog.publicColumns.computeIfAbsent(rs.getString(1), t -> new HashMap<>())
              .put(rs.getString(2), new Column(rs.getString(3), rs.getBoolean(4)));
        }
      }
    }
    return catalog;
  }

  /** The database's server encoding, e.g. UTF8. */
  String encoding() {
    return encoding;
  }

  boolean hasSchema(String schema) {
    return schemas.contains(schema);
  }

  /** The pg_class relkind of {@code schema.name} ('r' table, 'v' view, 'p' partitioned...), if it exists. */
  Optional<Character> relkind(String schema, String name) {
    return Optional.ofNullable(relations.get(schema + "." + name));
  }

  /** A column of a public table, if both exist. */
  Optional<Column> publicColumn(String table, String column) {
    return Optional.ofNullable(publicColumns.getOrDefault(table, Map.of()).get(column));
  }

  /** Records a schema or view this run created, so later checks of the same run see it. */
  void created(String schema, String view) {
    schemas.add(schema);
    if (view != null) {
      relations.put(schema + "." + view, 'v');
    }
  }
}
