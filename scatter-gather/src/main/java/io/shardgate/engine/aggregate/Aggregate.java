package io.shardgate.engine.aggregate;

import io.shardgate.pgwire.message.RowDescription;
import java.util.function.Supplier;

/**
 * One output column of an aggregate operator: either a grouping value passed through, or the re-combination
 * of per-shard partial aggregates (the shards ran {@code count(x)}, {@code sum(x)}, ...; the router combines
 * their answers into what one PostgreSQL holding all rows would return). Column indexes are 0-based into the
 * shard rows.
 */
public sealed interface Aggregate permits GroupValue, Count, Sum, Min, Max, Avg, BoolAnd, BoolOr, CountValues,
    StringAgg, ArrayAgg {
  /** E.g. {@code sum(2)} or {@code avg(3, 4)}. */
  String describe();

  /** Checks the input columns' types and returns the output column and its per-group accumulators. */
  Bound bind(RowDescription input);

  /** An aggregate bound to the columns it reads: its output field and a factory of fresh accumulators. */
  record Bound(RowDescription.Field field, Supplier<Accumulator> accumulators) {}
}
