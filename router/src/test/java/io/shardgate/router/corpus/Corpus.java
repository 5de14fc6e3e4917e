package io.shardgate.router.corpus;

import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.StatementText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The statement corpus and its schema, test resources under {@code corpus/} (copies of the project's shared
 * SQL corpus): {@code statements.sql} holds entries headed {@code #@ category | id | note}, each followed by
 * one statement; lines starting with {@code #} before the first entry are comments.
 */
final class Corpus {
  private Corpus() {}

  /** Every statement of statements.sql, in file order. */
  static List<CorpusStatement> statements() {
    List<CorpusStatement> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    String[] header = null;
    StringBuilder text = new StringBuilder();
    for (String line : resource("statements.sql").split("\n", -1)) {
      if (line.startsWith("#@")) {
        add(out, ids, header, text);
        header = line.substring(2).split("\\|", 3);
        if (header.length != 3) {
          throw new IllegalStateException("bad corpus header: " + line);
        }
        text.setLength(0);
      } else if (header == null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          throw new IllegalStateException("text before the first corpus entry: " + line);
        }
      } else {
        text.append(line).append('\n');
      }
    }
    add(out, ids, header, text);
    return List.copyOf(out);
  }

  private static void add(List<CorpusStatement> out, Set<String> ids, String[] header, StringBuilder text) {
    if (header == null) {
      return;
    }
    String id = header[1].strip();
    List<StatementText> parts = SqlLexer.splitStatements(text.toString());
    if (parts.size() != 1) {
      throw new IllegalStateException("corpus entry " + id + " holds " + parts.size() + " statements");
    }
    if (!ids.add(id)) {
      throw new IllegalStateException("duplicate corpus id " + id);
    }
    out.add(new CorpusStatement(header[0].strip(), id, header[2].strip(), parts.get(0).text()));
  }

  /** schema.sql: the tables, views and functions every node gets. */
  static String schema() {
    return resource("schema.sql");
  }

  static String resource(String name) {
    try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource corpus/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
