package io.shardgate.router.frontend;

import io.shardgate.engine.EngineException;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.fanout.FanoutPlan;
import io.shardgate.router.fanout.FanoutPlanner;
import io.shardgate.router.fanout.ShardKeys;
import io.shardgate.topology.Colo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans a key-less SELECT for the fan-out executor: the SQL every shard runs and the merge. Plans are immutable
 * and depend only on the text and the colo's shard count and keys, so they are kept (a prepared statement bound
 * again and again is planned once); the cache is dropped whole when it grows past its bound.
 */
final class FanoutPlans {
  private static final int MAX_CACHED = 2048;
  private static final Map<Key, FanoutPlan> CACHE = new ConcurrentHashMap<>();

  private record Key(String sql, int shards, Map<String, String> keys) {}

  private FanoutPlans() {}

  static FanoutPlan plan(String sql, Colo colo) {
    Key key = new Key(sql, colo.shards().size(), colo.tableToKeyColumn());
    FanoutPlan cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    try {
      FanoutPlan plan = FanoutPlanner.plan(sql, colo.shards().size(), new ShardKeys(colo.tableToKeyColumn()));
      if (CACHE.size() >= MAX_CACHED) {
        CACHE.clear();
      }
      CACHE.put(key, plan);
      return plan;
    } catch (EngineException e) {
      throw Errors.fromEngine(e);
    }
  }
}
