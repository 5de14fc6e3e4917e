package io.shardgate.router.planner;

import io.shardgate.router.backend.BackendKey;

/** Where one statement goes. */
public sealed interface Route permits Route.Shard, Route.Home, Route.Anywhere, Route.Scatter,
    Route.Broadcast, Route.Split, Route.EveryNode {
  /** The pool the statement's backend connection comes from. */
  BackendKey backend();

  /** A one-line description, as EXPLAIN of a route prints it. */
  String describe();

  /** One shard of a colo, through its shard schema. */
  record Shard(String colo, int shard, BackendKey backend) implements Route {
    @Override
    public String describe() {
      return "Shard(" + backend.schema() + " on " + backend.node() + ")";
    }
  }

  /** The home node: unsharded tables, catalog queries, reference-table reads. */
  record Home(BackendKey backend) implements Route {
    @Override
    public String describe() {
      return "Home(" + backend.node() + ")";
    }
  }

  /** Every shard of a colo: a SELECT without a shard-key value, merged by the scatter-gather engine. */
  record Scatter(String colo, int shards, BackendKey backend) implements Route {
    @Override
    public String describe() {
      return "Scatter(" + colo + ", shards=" + shards + ")";
    }
  }

  /**
   * A statement that touches no table (SELECT 1, SHOW, transaction control): it may run on the
   * backend a transaction already holds, else on the home node.
   */
  record Anywhere(BackendKey backend) implements Route {
    @Override
    public String describe() {
      return "Anywhere(default " + backend.node() + ")";
    }
  }

  /**
   * Every node, in one transaction committed on all of them (two-phase when more than one wrote): a write to
   * reference tables, which have a full copy on every node, or LOCK TABLE of a colo table (its base table on
   * every node). {@link #backend()} is the home node, whose reply
   * the client sees.
   */
  record EveryNode(BackendKey backend) implements Route {
    @Override
    public String describe() {
      return "EveryNode(one transaction on every node)";
    }
  }

  /**
   * A write (UPDATE, DELETE, MERGE, INSERT ... SELECT) that runs as it is on each of several shards of a colo,
   * each on its own rows: row counts are summed, RETURNING rows concatenated. {@code backend} is the first shard's.
   */
  record Broadcast(String colo, java.util.List<Integer> shards, BackendKey backend) implements Route {
    public Broadcast {
      shards = java.util.List.copyOf(shards);
    }

    @Override
    public String describe() {
      return "Broadcast(" + colo + ", shards=" + shards.size() + ")";
    }
  }

  /**
   * A multi-row INSERT whose rows go to several shards of a colo, cut into one INSERT per shard holding only that
   * shard's rows ({@code sqlByShard}: shard number to its text, ascending), run as one statement like
   * {@link Broadcast}. {@code backend} is the first shard's.
   */
  record Split(String colo, java.util.SortedMap<Integer, String> sqlByShard, BackendKey backend) implements Route {
    public Split {
      sqlByShard = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(sqlByShard));
    }

    @Override
    public String describe() {
      return "Split(" + colo + ", shards=" + sqlByShard.size() + ")";
    }
  }
}
