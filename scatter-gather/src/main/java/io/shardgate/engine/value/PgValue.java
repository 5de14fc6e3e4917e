package io.shardgate.engine.value;

/**
 * A decoded, non-NULL column value whose {@code compareTo}, {@code equals} and {@code hashCode} follow
 * PostgreSQL's btree ordering and equality for its type (so {@code 1.0 = 1.00}, {@code '1 mon' = '30 days'},
 * NaN sorts last). Only values of the same type are compared; SQL NULL is Java {@code null} and is handled
 * by the caller, as PostgreSQL handles it outside the type's comparison function.
 */
public sealed interface PgValue extends Comparable<PgValue>
    permits LongValue, NumericValue, FloatValue, BytesValue, BoolValue, IntervalValue, JsonbValue, ArrayValue {
}
