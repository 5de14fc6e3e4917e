package io.shardgate.engine;

import java.util.List;

/**
 * A streaming merge operator: an immutable description of one step that the planner builds and that opens
 * into a {@link RowStream}. Operators hold no planning logic; types are bound when the plan is opened,
 * from the columns the shards actually return.
 */
public sealed interface Operator extends PlanNode
    permits Concat, MergeSort, Sort, Limit, Distinct, HashDistinct, OrderedAggregate, HashAggregate, Filter,
        Project, SetOperation {
  /**
   * Opens this plan over the shards' row streams, one per shard of the plan's {@link Route}, in shard order.
   * Streams are consumed lazily: opening reads only the shards' column descriptions.
   */
  RowStream open(List<RowStream> shardInputs);
}
