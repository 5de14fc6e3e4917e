package io.shardgate.router.backend;

/** Which pool a backend connection belongs to: a node, and the shard schema on its search_path (null: home). */
public record BackendKey(String node, String schema) {
  @Override
  public String toString() {
    return schema == null ? "node " + node : "shard " + schema + " on node " + node;
  }
}
