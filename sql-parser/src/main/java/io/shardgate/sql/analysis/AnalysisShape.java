package io.shardgate.sql.analysis;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis of a statement shape: one statement's {@link Analysis} with each literal key value replaced by
 * the index of the literal text that supplied it, so it can be re-instantiated with another statement's
 * literals. Immutable.
 *
 * <p>A literal value is located by its text: the first literal text of the analysed statement equal to it.
 * Statements of one shape have equal texts at the same indexes (the {@link ShapeKey} records equalities), so
 * any equal text is as good as the one the analyzer actually read.
 */
final class AnalysisShape {

    private final Analysis template;
    /** Per table whose key values include literals: for each value, its literal index, or -1 to keep the template's. */
    private final Map<String, int[]> literalIndexes;

    private AnalysisShape(Analysis template, Map<String, int[]> literalIndexes) {
        this.template = template;
        this.literalIndexes = literalIndexes;
    }

    /** The shape of {@code analysis}, or null if one of its literal values is none of {@code literalTexts}. */
    static AnalysisShape of(Analysis analysis, String[] literalTexts) {
        Map<String, int[]> indexes = new HashMap<>();
        for (Map.Entry<String, List<KeyValue>> e : analysis.shardKeyValuesByTable().entrySet()) {
            List<KeyValue> values = e.getValue();
            int[] slots = null;
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) instanceof KeyValue.Literal literal) {
                    int at = indexOf(literalTexts, literal.text());
                    if (at < 0) {
                        return null;
                    }
                    if (slots == null) {
                        slots = new int[values.size()];
                        Arrays.fill(slots, -1);
                    }
                    slots[i] = at;
                }
            }
            if (slots != null) {
                indexes.put(e.getKey(), slots);
            }
        }
        return new AnalysisShape(analysis, Map.copyOf(indexes));
    }

    /** The analysis of a statement of this shape whose literal texts are {@code literalTexts}. */
    Analysis bind(String[] literalTexts) {
        if (literalIndexes.isEmpty()) {
            return template;
        }
        Map<String, List<KeyValue>> keys = new HashMap<>(template.shardKeyValuesByTable());
        for (Map.Entry<String, int[]> e : literalIndexes.entrySet()) {
            List<KeyValue> cached = keys.get(e.getKey());
            int[] slots = e.getValue();
            KeyValue[] bound = new KeyValue[slots.length];
            for (int i = 0; i < slots.length; i++) {
                bound[i] = slots[i] < 0 ? cached.get(i) : new KeyValue.Literal(literalTexts[slots[i]]);
            }
            keys.put(e.getKey(), List.of(bound));
        }
        return new Analysis(template.kind(), template.tables(), template.parameters(), template.parsed(),
                template.unterminated(), keys, template.crossShard(), template.writtenTables(), template.command(),
                template.tableSample());
    }

    private static int indexOf(String[] texts, String text) {
        for (int i = 0; i < texts.length; i++) {
            if (texts[i].equals(text)) {
                return i;
            }
        }
        return -1;
    }
}
