package io.shardgate.router.copy;

import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the router needs to know of a COPY statement: the table (or a query), the column list, the
 * direction and the data format, read from the statement's tokens.
 */
public record CopyStatement(String schema, String table, List<String> columns, boolean query, boolean fromStdin,
                            boolean toStdout, CopyFormat format, String sql, int nameStart, int nameEnd, int listEnd) {

  /** Parses {@code COPY [schema.]table [(cols)] FROM STDIN|TO STDOUT [[WITH] (options) | legacy options]}. */
  public static CopyStatement parse(String sql) {
    List<Token> t = SqlLexer.significantTokens(sql);
    int i = 0;
    if (t.isEmpty() || !t.get(i).isWord(sql, "copy")) {
      throw syntax("not a COPY statement");
    }
    i++;
    if (i < t.size() && t.get(i).isChar(sql, '(')) {
      // COPY (query) TO ...: the query decides the route
      int depth = 0;
      for (; i < t.size(); i++) {
        if (t.get(i).isChar(sql, '(')) {
          depth++;
        } else if (t.get(i).isChar(sql, ')') && --depth == 0) {
          i++;
          break;
        }
      }
      boolean to = i < t.size() && t.get(i).isWord(sql, "to");
      boolean stdout = to && i + 1 < t.size() && t.get(i + 1).isWord(sql, "stdout");
      return new CopyStatement(null, null, List.of(), true, false, stdout, CopyFormat.parse(sql, t, i + 2), sql, -1, -1, -1);
    }
    String schema = null;
    int nameStart = i < t.size() ? t.get(i).start() : -1;
    String table = name(sql, t, i++);
    if (i + 1 < t.size() && t.get(i).isChar(sql, '.')) {
      schema = table;
      table = name(sql, t, i + 1);
      i += 2;
    }
    int nameEnd = t.get(i - 1).end();
    int listEnd = nameEnd;
    List<String> columns = new ArrayList<>();
    if (i < t.size() && t.get(i).isChar(sql, '(')) {
      i++;
      while (i < t.size() && !t.get(i).isChar(sql, ')')) {
        if (!t.get(i).isChar(sql, ',')) {
          columns.add(name(sql, t, i));
        }
        i++;
      }
      if (i < t.size()) {
        listEnd = t.get(i).end();
      }
      i++;
    }
    boolean from = i < t.size() && t.get(i).isWord(sql, "from");
    boolean to = i < t.size() && t.get(i).isWord(sql, "to");
    if (!from && !to) {
      throw syntax("expected FROM or TO");
    }
    boolean stdio = i + 1 < t.size() && (t.get(i + 1).isWord(sql, "stdin") || t.get(i + 1).isWord(sql, "stdout"));
    return new CopyStatement(schema, table, List.copyOf(columns), false, from && stdio, to && stdio,
        CopyFormat.parse(sql, t, i + 2), sql, nameStart, nameEnd, listEnd);
  }

  /**
   * The statement a shard runs for COPY FROM STDIN: PostgreSQL cannot COPY into a view, so the table
   * name is spliced to the node's base table; the rows sent are only the shard's own (routed by the
   * same hash PostgreSQL computes). Everything else stays as the client wrote it.
   */
  public String intoBaseTable() {
    return sql.substring(0, nameStart) + "public." + quote(table) + sql.substring(nameEnd);
  }

  /** The statement a shard runs for COPY TO STDOUT: a query over the shard's view (a view cannot be copied from). */
  public String fromShardView() {
    String cols = columns.isEmpty() ? "*" : String.join(", ", columns.stream().map(CopyStatement::quote).toList());
    return sql.substring(0, nameStart) + "(SELECT " + cols + " FROM " + quote(table) + ")" + sql.substring(listEnd);
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String name(String sql, List<Token> t, int i) {
    if (i >= t.size() || (t.get(i).type() != TokenType.IDENTIFIER && t.get(i).type() != TokenType.QUOTED_IDENTIFIER)) {
      throw syntax("expected a name");
    }
    return t.get(i).value(sql);
  }

  static SqlError syntax(String what) {
    return new SqlError("42601", "syntax error in COPY statement: " + what, null, null);
  }

  /** The data format of a COPY: text, csv or binary, with delimiter, quote, escape, NULL string and header. */
  public record CopyFormat(String kind, char delimiter, char quote, char escape, String nullString, boolean header) {
    static CopyFormat parse(String sql, List<Token> t, int from) {
      String kind = "text";
      Character delimiter = null;
      Character quote = null;
      Character escape = null;
      String nullString = null;
      boolean header = false;
      for (int i = Math.max(from, 0); i < t.size(); i++) {
        String w = t.get(i).type() == TokenType.IDENTIFIER ? t.get(i).value(sql).toLowerCase(Locale.ROOT) : "";
        String next = i + 1 < t.size() ? t.get(i + 1).value(sql) : null;
        boolean nextIsValue = next != null && !t.get(i + 1).isChar(sql, ',') && !t.get(i + 1).isChar(sql, ')');
        switch (w) {
          case "format" -> { kind = next == null ? kind : next.toLowerCase(Locale.ROOT); i++; }
          case "csv" -> kind = "csv";
          case "binary" -> kind = "binary";
          case "delimiter" -> { delimiter = single(next, "DELIMITER"); i += nextIsValue ? 1 : 0; }
          case "quote" -> { quote = single(next, "QUOTE"); i += nextIsValue ? 1 : 0; }
          case "escape" -> { escape = single(next, "ESCAPE"); i += nextIsValue ? 1 : 0; }
          case "null" -> { nullString = next; i += nextIsValue ? 1 : 0; }
          case "header" -> {
            header = !(nextIsValue && (next.equalsIgnoreCase("false") || next.equalsIgnoreCase("off") || next.equals("0")));
            i += nextIsValue && !next.equalsIgnoreCase("match") ? 1 : 0;
          }
          default -> { }
        }
      }
      boolean csv = kind.equals("csv");
      return new CopyFormat(kind, delimiter != null ? delimiter : csv ? ',' : '\t', quote != null ? quote : '"',
          escape != null ? escape : quote != null ? quote : '"', nullString != null ? nullString : csv ? "" : "\\N",
          header);
    }

    private static char single(String value, String option) {
      if (value == null || value.length() != 1) {
        throw new SqlError("22023", "COPY " + option.toLowerCase(Locale.ROOT) + " must be a single one-byte character",
            null, null);
      }
      return value.charAt(0);
    }

    public boolean csv() {
      return kind.equals("csv");
    }

    public boolean binary() {
      return kind.equals("binary");
    }
  }

  static SqlError unsupported(String what) {
    return new SqlError(Errors.FEATURE_NOT_SUPPORTED, what, null, null);
  }
}
