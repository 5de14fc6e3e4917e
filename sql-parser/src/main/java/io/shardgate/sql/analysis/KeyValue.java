package io.shardgate.sql.analysis;

/** A value a statement restricts a shard key to: a literal, a {@code $n} parameter, or a {@code $n} array parameter. */
public sealed interface KeyValue {

    /** A constant: the literal's value without quotes or escapes (e.g. {@code 42}, {@code -7}, {@code abc}); numbers in decimal. */
    record Literal(String text) implements KeyValue {
    }

    /** The value of parameter {@code $index}. */
    record Parameter(int index) implements KeyValue {
    }

    /** Each element of the array bound to parameter {@code $index} ({@code key = ANY($index)}). */
    record ArrayParameter(int index) implements KeyValue {
    }
}
