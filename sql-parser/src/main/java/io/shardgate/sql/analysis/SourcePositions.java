package io.shardgate.sql.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Maps Calcite parser positions back to the original tokens (the Calcite text is one line, offsets unchanged). */
final class SourcePositions {

    private final TokenStream ts;

    SourcePositions(TokenStream ts) {
        this.ts = ts;
    }

    /** The index of the token at which a Calcite node starts, or -1. */
    int tokenIndex(SqlParserPos pos) {
        if (pos == null || pos.getLineNum() != 1) {
            return -1;
        }
        return ts.indexAt(pos.getColumnNum() - 1);
    }

    /**
     * The name parts of an identifier as PostgreSQL folds them (only ASCII folded, quoted kept, U&amp;"..."
     * decoded), read from the tokens; Calcite's own names if the tokens do not line up.
     */
    List<String> names(SqlIdentifier id) {
        int k = tokenIndex(id.getComponentParserPosition(0));
        int n = id.names.size();
        if (k >= 0 && ts.isAnyIdentifier(k)) {
            List<String> parts = new ArrayList<>(n);
            parts.add(ts.value(k));
            while (parts.size() < n && ts.ch(k + 1, '.') && ts.isAnyIdentifier(k + 2)) {
                k += 2;
                parts.add(ts.value(k));
            }
            if (parts.size() == n) {
                return parts;
            }
        }
        return id.names;
    }

    String lastName(SqlIdentifier id) {
        List<String> names = names(id);
        return names.get(names.size() - 1);
    }
}
