package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The data-modifying common table expressions of a {@code WITH} statement ({@code name AS (INSERT|UPDATE|DELETE|
 * MERGE ..)}), found from tokens: their body token ranges and the names of all CTEs of the clause.
 *
 * @param bodies    each data-modifying body as a token range {@code [from, to)} inside its parentheses (every body
 *                  when the main statement is data-modifying too)
 * @param names     every CTE name the WITH defines
 * @param mainStart the token index of the main statement, or -1 when it is a query (Calcite takes it with the WITH)
 */
record ModifyingCtes(List<int[]> bodies, Set<String> names, int mainStart, TokenStream ts) {

    private static final Set<String> MODIFYING = Set.of("insert", "update", "delete", "merge");

    /** The WITH at token {@code start}'s data-modifying CTEs, or null when it has none or is not a WITH. */
    static ModifyingCtes find(TokenStream ts, int start, int end) {
        int i = start;
        while (ts.ch(i, '(')) {
            i++;
        }
        if (!ts.word(i, "with")) {
            return null;
        }
        i++;
        if (ts.word(i, "recursive")) {
            i++;
        }
        List<int[]> bodies = new ArrayList<>();
        List<int[]> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        while (i < end && ts.isAnyIdentifier(i)) {
            names.add(ts.value(i));
            i++;
            if (ts.ch(i, '(')) {
                i = ts.close(i) + 1;
            }
            if (!ts.word(i, "as")) {
                return null;
            }
            i++;
            if (ts.word(i, "not")) {
                i++;
            }
            if (ts.word(i, "materialized")) {
                i++;
            }
            if (!ts.ch(i, '(') || ts.close(i) >= end) {
                return null;
            }
            int close = ts.close(i);
            String first = ts.wordAt(i + 1);
            if (first != null && MODIFYING.contains(first)) {
                bodies.add(new int[] {i + 1, close});
            }
            all.add(new int[] {i + 1, close});
            i = close + 1;
            if (!ts.ch(i, ',')) {
                break;
            }
            i++;
        }
        String main = ts.wordAt(i);
        if (main != null && MODIFYING.contains(main)) {
            return new ModifyingCtes(List.copyOf(all), Set.copyOf(names), i, ts);
        }
        return bodies.isEmpty() ? null : new ModifyingCtes(List.copyOf(bodies), Set.copyOf(names), -1, ts);
    }

    /** {@code calciteText} (the whole statement as Calcite gets it) with each data-modifying body made {@code SELECT 1}. */
    String mainText(String calciteText) {
        char[] out = calciteText.toCharArray();
        for (int[] body : bodies) {
            int from = ts.get(body[0]).start();
            int to = ts.get(body[1] - 1).end();
            for (int c = from; c < to; c++) {
                out[c] = ' ';
            }
            "SELECT 1".getChars(0, 8, out, from);
        }
        return new String(out);
    }
}
