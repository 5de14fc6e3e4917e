package io.shardgate.router.planner;

import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import java.util.List;
import java.util.Optional;

/** DECLARE ... CURSOR FOR query: the query decides the route (psql's FETCH_COUNT and drivers' cursors use it). */
public record DeclareCursor(String query, boolean withHold) {
  /** Whether {@code sql} is FETCH, MOVE or CLOSE (of a cursor). */
  public static boolean isCursorCommand(String sql) {
    List<Token> t = SqlLexer.significantTokens(sql);
    return !t.isEmpty() && (t.get(0).isWord(sql, "fetch") || t.get(0).isWord(sql, "move") || t.get(0).isWord(sql, "close"));
  }

  /** The cursor's query, when {@code sql} is a DECLARE CURSOR statement. */
  public static Optional<DeclareCursor> parse(String sql) {
    List<Token> t = SqlLexer.significantTokens(sql);
    if (t.isEmpty() || !t.get(0).isWord(sql, "declare")) {
      return Optional.empty();
    }
    boolean sawCursor = false;
    boolean hold = false;
    for (int i = 1; i < t.size(); i++) {
      Token tok = t.get(i);
      if (tok.isWord(sql, "cursor")) {
        sawCursor = true;
      } else if (sawCursor && tok.isWord(sql, "with") && i + 1 < t.size() && t.get(i + 1).isWord(sql, "hold")) {
        hold = true;
      } else if (sawCursor && tok.isWord(sql, "for") && i + 1 < t.size()) {
        return Optional.of(new DeclareCursor(sql.substring(t.get(i + 1).start()), hold));
      }
    }
    return Optional.empty();
  }
}
