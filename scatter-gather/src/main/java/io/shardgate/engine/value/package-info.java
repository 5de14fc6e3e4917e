/**
 * Typed PostgreSQL values: decoding column bytes (text or binary format) into {@link
 * io.shardgate.engine.value.PgValue}s whose order and equality are PostgreSQL's btree order and equality for
 * the type, and encoding the values the engine computes (counts, sums, averages) back into PostgreSQL's
 * output format (DateStyle ISO, IntervalStyle postgres, extra_float_digits 1, bytea_output hex,
 * client_encoding UTF8). {@link io.shardgate.engine.value.PgTypes} lists the supported types by OID.
 */
package io.shardgate.engine.value;
