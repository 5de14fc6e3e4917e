package io.shardgate.router.frontend;

import io.shardgate.engine.Operator;
import io.shardgate.router.errors.Errors;

/** Adapter from the fan-out planner to the executor: the SQL every shard runs and the merge tree. */
final class FanoutPlans {
  record Plan(String shardSql, Operator root) {}

  private FanoutPlans() {}

  static Plan plan(String sql, int shards) {
    throw Errors.fanoutHere("yet");
  }
}
