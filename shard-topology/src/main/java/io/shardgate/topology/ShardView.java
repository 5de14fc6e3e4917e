package io.shardgate.topology;

/** One view of a shard schema: the shard's slice of a colo table, or a reference table seen whole. */
public record ShardView(String schema, String table, String createSql) {
  /** {@code "schema"."table"}, quoted. */
  public String qualifiedName() {
    return ShardSchemaDdl.quote(schema) + "." + ShardSchemaDdl.quote(table);
  }

  /** The statement that removes the view (when it exists). */
  public String dropSql() {
    return "DROP VIEW IF EXISTS " + qualifiedName();
  }

  @Override
  public String toString() {
    return schema + "." + table;
  }
}
