package io.shardgate.router.frontend;

import io.shardgate.engine.EngineException;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.fanout.FanoutPlan;
import io.shardgate.router.fanout.FanoutPlanner;

/** Plans a key-less SELECT for the fan-out executor: the SQL every shard runs and the merge. */
final class FanoutPlans {
  private FanoutPlans() {}

  static FanoutPlan plan(String sql, int shards) {
    try {
      return FanoutPlanner.plan(sql, shards);
    } catch (EngineException e) {
      throw Errors.fromEngine(e);
    }
  }
}
