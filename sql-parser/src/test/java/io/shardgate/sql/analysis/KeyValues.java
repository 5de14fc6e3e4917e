package io.shardgate.sql.analysis;

import java.util.List;
import java.util.Optional;

/** Short constructors for expected key values in tests. */
final class KeyValues {

    private KeyValues() {
    }

    static KeyValue lit(String text) {
        return new KeyValue.Literal(text);
    }

    static KeyValue param(int index) {
        return new KeyValue.Parameter(index);
    }

    static KeyValue array(int index) {
        return new KeyValue.ArrayParameter(index);
    }

    static Optional<List<KeyValue>> values(KeyValue... values) {
        return Optional.of(List.of(values));
    }

    static Optional<List<KeyValue>> unknown() {
        return Optional.empty();
    }
}
