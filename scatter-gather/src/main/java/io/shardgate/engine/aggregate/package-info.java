/**
 * Re-combination of per-shard partial aggregates: each {@link io.shardgate.engine.aggregate.Aggregate} is
 * one output column of an aggregate operator, bound at open time to the shard rows' columns and types.
 */
package io.shardgate.engine.aggregate;
