/**
 * The merge side of scatter-gather: streaming operators that turn the row streams of N shards into the one
 * answer a single PostgreSQL holding all rows would give.
 *
 * <p>A plan is a tree of immutable {@link io.shardgate.engine.Operator}s over a
 * {@link io.shardgate.engine.Route} leaf. The planner (in the router) builds it together with the per-shard
 * SQL; {@code open(shardStreams)} binds column types from the shards' RowDescriptions and returns a pull
 * {@link io.shardgate.engine.RowStream}; {@code describe()} prints the tree for route EXPLAIN. Only the
 * gathering operators ({@link io.shardgate.engine.Concat}, {@link io.shardgate.engine.MergeSort}) read shard
 * streams, which is why they take the Route itself rather than an Operator.
 *
 * <p>Shapes the planner is expected to produce (column indexes are 0-based into the shard rows):
 * <ul>
 *   <li>{@code ORDER BY a DESC LIMIT 10 OFFSET 5}: shards run {@code ... ORDER BY a DESC LIMIT 15};
 *       plan {@code Limit(5, 10, MergeSort([a DESC], Route))}.
 *   <li>{@code SELECT k, count(*), avg(v) ... GROUP BY k}: shards run {@code SELECT k, count(*), sum(v),
 *       count(v) ... GROUP BY k ORDER BY k}; plan {@code OrderedAggregate([0], [value(0), count(1),
 *       avg(2, 3)], MergeSort([0], Route))}; HAVING becomes a {@code Filter} above it, never shard SQL.
 *   <li>{@code SELECT DISTINCT a, b}: shards run {@code SELECT DISTINCT a, b ... ORDER BY a, b}; plan
 *       {@code Distinct(all, MergeSort([0, 1], Route))}.
 *   <li>ORDER BY an expression outside the select list: shards return it as an extra column; a
 *       {@code Project} drops it after the merge.
 * </ul>
 *
 * <p>Strings are ordered and grouped by their UTF-8 bytes, i.e. the C collation only (see
 * {@code TextCodec}); aggregates that cannot be re-combined from partials are either fed raw rows by
 * the planner (string_agg, array_agg: {@code StringAgg}, {@code ArrayAgg}) or refused (percentile_*...).
 */
package io.shardgate.engine;
