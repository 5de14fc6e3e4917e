package io.shardgate.engine;

import io.shardgate.pgwire.message.RowDescription;
import java.util.List;

/**
 * The leaf of a merge plan: the row streams of {@code shards} shards, each already running the per-shard SQL
 * (shown by EXPLAIN when given). A gathering operator ({@link Concat}, {@link MergeSort}) sits directly on it.
 */
public record Route(int shards, String sql) implements PlanNode {
  public Route {
    if (shards < 1) {
      throw new IllegalArgumentException("a route needs at least one shard");
    }
  }

  public Route(int shards) {
    this(shards, null);
  }

  @Override
  public String label() {
    return "Route(shards=" + shards + (sql == null ? "" : ", sql=\"" + sql + "\"") + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of();
  }

  /** The shard streams, checked against this route's shard count. */
  List<RowStream> streams(List<RowStream> shardInputs) {
    if (shardInputs.size() != shards) {
      throw EngineException.internal("plan expects " + shards + " shard streams, got " + shardInputs.size());
    }
    return List.copyOf(shardInputs);
  }

  /** The columns all shards agree on (same count, types and formats); the first shard's names are kept. */
  static RowDescription commonDescription(List<RowStream> streams) {
    RowDescription first = streams.get(0).description();
    for (int s = 1; s < streams.size(); s++) {
      List<RowDescription.Field> other = streams.get(s).description().fields();
      if (other.size() != first.fields().size()) {
        throw EngineException.shardsDisagree("shard 0 returned " + first.fields().size() + " columns, shard " + s
            + " returned " + other.size() + ".");
      }
      for (int c = 0; c < other.size(); c++) {
        RowDescription.Field a = first.fields().get(c);
        RowDescription.Field b = other.get(c);
        if (a.typeOid() != b.typeOid() || a.format() != b.format()) {
          throw EngineException.shardsDisagree("column " + c + " (\"" + a.name() + "\") has type OID " + a.typeOid()
              + " format " + a.format() + " on shard 0 but type OID " + b.typeOid() + " format " + b.format()
              + " on shard " + s + ".");
        }
      }
    }
    return first;
  }
}
