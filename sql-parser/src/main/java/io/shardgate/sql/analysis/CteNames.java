package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.List;

/** The common table expressions a statement defines, found from tokens, so their names are not taken for tables. */
final class CteNames {

    private record Cte(String name, int bodyOpen, int bodyClose, boolean recursive) {
    }

    private final List<Cte> ctes = new ArrayList<>();

    CteNames(TokenStream ts) {
        for (int w = 0; w < ts.size(); w++) {
            if (ts.word(w, "with")) {
                collect(ts, w + 1);
            }
        }
    }

    private void collect(TokenStream ts, int i) {
        boolean recursive = ts.word(i, "recursive");
        if (recursive) {
            i++;
        }
        while (ts.isAnyIdentifier(i)) {
            String name = ts.value(i);
            int j = i + 1;
            if (ts.ch(j, '(')) {
                j = ts.close(j) + 1;
            }
            if (!ts.word(j, "as")) {
                return;
            }
            j++;
            if (ts.word(j, "not")) {
                j++;
            }
            if (ts.word(j, "materialized")) {
                j++;
            }
            if (!ts.ch(j, '(')) {
                return;
            }
            int close = ts.close(j);
            ctes.add(new Cte(name, j, close, recursive));
            if (!ts.ch(close + 1, ',')) {
                return;
            }
            i = close + 2;
        }
    }

    /** Whether an unqualified name at token {@code at} refers to a CTE visible there rather than to a table. */
    boolean isCte(String name, int at) {
        for (Cte c : ctes) {
            if (c.name.equals(name) && (at > c.bodyClose || (c.recursive && at > c.bodyOpen))) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return ctes.isEmpty();
    }
}
