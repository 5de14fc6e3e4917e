package io.shardgate.router.fanout;

import io.shardgate.sql.lexer.Token;
import java.util.Arrays;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Parses a SELECT with Calcite's Babel parser configured as sql-parser's {@code BabelParser}, on the text
 * sql-parser's {@code CalciteText} would give it (both are package-private there, hence this copy of the
 * rules a SELECT needs): the same length with every token at the same offset, on one line, {@code $n} as
 * {@code ?} plus blanks, non-standard strings as blank standard strings, operators Calcite lacks as
 * {@code ||}, and {@code ONLY}, {@code COLLATE x}, {@code INTERVAL} before a string, empty {@code []} and
 * the {@code ON (..)} of DISTINCT ON blanked. Calcite supplies structure only: a node's column is a
 * character offset plus one, and names and values are read back from the tokens.
 */
final class CalciteInput {
  static final SqlParser.Config CONFIG = SqlParser.config()
      .withParserFactory(SqlBabelParserImpl.FACTORY)
      .withConformance(SqlConformanceEnum.BABEL)
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.TO_LOWER)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(true);

  private static final Set<String> CALCITE_OPERATORS = Set.of(
      "||", "<>", "!=", "<=", ">=", "::", "~*", "!~", "!~*", "=>", ":=");
  private static final Set<String> INTERVAL_UNITS = Set.of(
      "year", "month", "day", "hour", "minute", "second", "years", "months", "days", "hours", "minutes",
      "seconds");

  private final SourceTokens ts;
  private final char[] out;

  private CalciteInput(SourceTokens ts) {
    this.ts = ts;
    this.out = new char[ts.sql.length()];
    Arrays.fill(out, ' ');
  }

  /** Parses tokens {@code [0, to)}; the rest (the LIMIT/OFFSET tail, a semicolon) is left out. */
  static SqlNode parse(SourceTokens ts, int to) throws SqlParseException {
    return SqlParser.create(text(ts, to), CONFIG).parseQuery();
  }

  /** The text Calcite is given for tokens {@code [0, to)}. */
  static String text(SourceTokens ts, int to) {
    CalciteInput c = new CalciteInput(ts);
    c.copy(to);
    c.rewrite(to);
    return new String(c.out);
  }

  private void copy(int to) {
    String sql = ts.sql;
    for (int i = 0; i < to; i++) {
      Token t = ts.get(i);
      for (int c = t.start(); c < t.end(); c++) {
        char ch = sql.charAt(c);
        out[c] = ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f' || ch == '\u000B' ? ' ' : ch;
      }
    }
  }

  private void rewrite(int to) {
    String sql = ts.sql;
    for (int i = 0; i < to; i++) {
      Token t = ts.get(i);
      switch (t.type()) {
        case PARAMETER -> replace(t, "?");
        case STRING -> {
          if (sql.charAt(t.start()) != '\'') {
            blank(t.start(), t.end());
            out[t.start()] = '\'';
            out[t.end() - 1] = '\'';
          }
        }
        case NUMBER -> {
          String text = t.text(sql);
          if (text.indexOf('_') >= 0
              || (text.length() > 1 && text.charAt(0) == '0' && Character.isLetter(text.charAt(1)))) {
            replace(t, "0");
          }
        }
        case OPERATOR -> {
          if (t.length() > 1 && !CALCITE_OPERATORS.contains(t.text(sql))) {
            replace(t, "||");
          }
        }
        case PUNCTUATION -> {
          if (ts.ch(i, '[') && ts.ch(i + 1, ']')) {
            blankTokens(i, i + 2, to);
          }
        }
        case IDENTIFIER -> i = word(i, t, to);
        default -> {
        }
      }
    }
  }

  /** Rewrites around the word at {@code i}; returns the last token index handled. */
  private int word(int i, Token t, int to) {
    switch (t.value(ts.sql)) {
      case "only" -> {
        if (!ts.word(i - 1, "rows") && !ts.word(i - 1, "row")) {
          blankTokens(i, i + 1, to);
        }
      }
      case "interval" -> {
        String unit = ts.wordAt(i + 2);
        if (ts.type(i + 1, io.shardgate.sql.lexer.TokenType.STRING)
            && (unit == null || !INTERVAL_UNITS.contains(unit))) {
          blankTokens(i, i + 1, to);
        }
      }
      case "at" -> {
        if (ts.word(i + 1, "time") && ts.word(i + 2, "zone")) {
          blankTokens(i, i + 3, to);
          out[t.start()] = '|';
          out[t.start() + 1] = '|';
          return i + 2;
        }
      }
      case "collate" -> {
        int end = i + 2;
        while (ts.ch(end, '.') && ts.isAnyIdentifier(end + 1)) {
          end += 2;
        }
        blankTokens(i, end, to);
        return end - 1;
      }
      case "distinct" -> {
        if (ts.word(i + 1, "on") && ts.ch(i + 2, '(')) {
          int close = ts.close(i + 2);
          blankTokens(i + 1, close + 1, to);
          return close;
        }
      }
      default -> {
      }
    }
    return i;
  }

  private void replace(Token t, String with) {
    blank(t.start(), t.end());
    with.getChars(0, with.length(), out, t.start());
  }

  /** Blanks tokens {@code [from, to)} (bounded by {@code limit}) and everything between them. */
  private void blankTokens(int from, int to, int limit) {
    to = Math.min(to, limit);
    if (from < to) {
      blank(ts.get(from).start(), ts.get(to - 1).end());
    }
  }

  private void blank(int startChar, int endChar) {
    Arrays.fill(out, startChar, endChar, ' ');
  }
}
