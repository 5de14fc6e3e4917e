package io.shardgate.sql.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The shared corpus of application SQL (shared/sql-corpus): entries "#@ category | id | note" then the statement. */
final class SqlCorpus {

    static final Path DIRECTORY = Path.of("../../shared/sql-corpus");

    /** One statement of the corpus. */
    record Entry(String id, String sql) {
    }

    private SqlCorpus() {
    }

    /** Every statement of statements.sql in file order; skips the calling test when the corpus is absent. */
    static List<Entry> statements() throws IOException {
        Path file = DIRECTORY.resolve("statements.sql");
        Assumptions.assumeTrue(Files.exists(file), "corpus not found at " + file.toAbsolutePath());
        List<Entry> out = new ArrayList<>();
        String id = null;
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#@")) {
                if (id != null) {
                    out.add(new Entry(id, sql.toString().trim()));
                }
                id = line.split("\\|")[1].trim();
                sql.setLength(0);
            } else if (!line.startsWith("#")) {
                sql.append(line).append('\n');
            }
        }
        if (id != null) {
            out.add(new Entry(id, sql.toString().trim()));
        }
        return out;
    }
}
