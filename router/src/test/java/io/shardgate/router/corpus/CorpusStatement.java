package io.shardgate.router.corpus;

import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement of the corpus ({@code #@ category | id | note} and its text).
 *
 * <p>Some statements are written as a JDBC driver receives them ({@code ?} placeholders, e.g. Hibernate's);
 * the server, and so the router, only ever sees pgJDBC's translation to {@code $1, $2...}.
 * {@link #serverSql()} is that translation, {@link #jdbcSql()} the reverse one for sending {@code $n}
 * statements through pgJDBC.
 */
record CorpusStatement(String category, String id, String note, String sql) {

  /** The text as it reaches the server: {@code ?} placeholders numbered {@code $1..$n} in order, as pgJDBC does. */
  String serverSql() {
    StringBuilder out = new StringBuilder();
    int last = 0;
    int n = 0;
    for (Token t : SqlLexer.tokenize(sql)) {
      if (t.type() != TokenType.OPERATOR || t.text(sql).indexOf('?') < 0) {
        continue;
      }
      out.append(sql, last, t.start());
      for (char c : t.text(sql).toCharArray()) {
        out.append(c == '?' ? "$" + (++n) : String.valueOf(c));
      }
      last = t.end();
    }
    return out.append(sql.substring(last)).toString();
  }

  /** The highest {@code $n} of {@link #serverSql()} (0 without parameters). */
  int parameterCount() {
    String s = serverSql();
    int max = 0;
    for (Token t : SqlLexer.tokenize(s)) {
      if (t.type() == TokenType.PARAMETER) {
        max = Math.max(max, t.parameterIndex(s));
      }
    }
    return max;
  }

  /**
   * The statement for a pgJDBC PreparedStatement: each {@code $n} becomes a {@code ?}; {@link #jdbcOrder()}
   * says which {@code $n} each {@code ?} stands for ({@code $1} used twice becomes two {@code ?}).
   */
  String jdbcSql() {
    String s = serverSql();
    StringBuilder out = new StringBuilder();
    int last = 0;
    for (Token t : SqlLexer.tokenize(s)) {
      if (t.type() == TokenType.PARAMETER) {
        out.append(s, last, t.start()).append('?');
        last = t.end();
      }
    }
    return out.append(s.substring(last)).toString();
  }

  /** For each {@code ?} of {@link #jdbcSql()}, the 1-based {@code $n} it replaced. */
  List<Integer> jdbcOrder() {
    String s = serverSql();
    List<Integer> order = new ArrayList<>();
    for (Token t : SqlLexer.tokenize(s)) {
      if (t.type() == TokenType.PARAMETER) {
        order.add(t.parameterIndex(s));
      }
    }
    return order;
  }
}
