package io.shardgate.router.fanout;

import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import io.shardgate.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The client's statement as significant tokens (no white space or comments) with their nesting: every
 * {@code (} and {@code [} knows its partner. Clauses, items and spliced pieces are all found here, by token,
 * so the shard SQL is always cut from the client's own text.
 */
final class SourceTokens {
  final String sql;
  private final List<Token> tokens;
  /** For each bracket its partner, -1 for other tokens and unmatched brackets. */
  private final int[] match;
  /** Bracket depth of each token (a bracket itself counts at its outer depth). */
  private final int[] depth;
  private final boolean unterminated;

  SourceTokens(String sql) {
    this.sql = sql;
    List<Token> significant = new ArrayList<>();
    boolean open = false;
    for (Token t : SqlLexer.tokenize(sql)) {
      open |= t.unterminated();
      if (t.isSignificant()) {
        significant.add(t);
      }
    }
    this.tokens = significant;
    this.unterminated = open;
    int n = significant.size();
    match = new int[n];
    depth = new int[n];
    Arrays.fill(match, -1);
    int[] stack = new int[n + 1];
    int top = 0;
    for (int i = 0; i < n; i++) {
      depth[i] = top;
      if (ch(i, '(') || ch(i, '[')) {
        stack[top++] = i;
      } else if ((ch(i, ')') || ch(i, ']')) && top > 0) {
        int o = stack[--top];
        match[o] = i;
        match[i] = o;
        depth[i] = top;
      }
    }
  }

  int size() {
    return tokens.size();
  }

  Token get(int i) {
    return tokens.get(i);
  }

  /** Whether a string, quoted name or comment runs to the end of the text unclosed. */
  boolean unterminated() {
    return unterminated;
  }

  boolean word(int i, String lowerCaseWord) {
    return i >= 0 && i < tokens.size() && tokens.get(i).isWord(sql, lowerCaseWord);
  }

  boolean ch(int i, char c) {
    return i >= 0 && i < tokens.size() && tokens.get(i).isChar(sql, c);
  }

  boolean type(int i, TokenType type) {
    return i >= 0 && i < tokens.size() && tokens.get(i).type() == type;
  }

  /** The lower-case word at {@code i}, or null if it is not an unquoted identifier. */
  String wordAt(int i) {
    return type(i, TokenType.IDENTIFIER) ? tokens.get(i).value(sql) : null;
  }

  boolean isAnyIdentifier(int i) {
    return type(i, TokenType.IDENTIFIER) || type(i, TokenType.QUOTED_IDENTIFIER);
  }

  /** The decoded value: names folded, quotes removed, numbers in plain decimal. */
  String value(int i) {
    return tokens.get(i).value(sql);
  }

  int depth(int i) {
    return depth[i];
  }

  /** The partner of the bracket at {@code i}, or {@link #size()} when it has none. */
  int close(int i) {
    int m = match[i];
    return m < 0 ? tokens.size() : m;
  }

  /** The partner of a closing bracket, or -1. */
  int open(int i) {
    return match[i];
  }

  /**
   * Whether {@code i} is the clause key word {@code w}: not a name part after a dot and not an output
   * column label after AS (PostgreSQL allows {@code SELECT 1 AS limit}).
   */
  boolean keyword(int i, String w) {
    return word(i, w) && !ch(i - 1, '.') && !word(i - 1, "as");
  }

  /** The index of the token that starts at character {@code offset}, or -1. */
  int indexAt(int offset) {
    int lo = 0;
    int hi = tokens.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int s = tokens.get(mid).start();
      if (s < offset) {
        lo = mid + 1;
      } else if (s > offset) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** The client's text of tokens {@code [from, to)}, comments inside included. */
  String text(int from, int to) {
    return from >= to ? "" : sql.substring(tokens.get(from).start(), tokens.get(to - 1).end());
  }

  String text(Span s) {
    return text(s.from(), s.to());
  }

  /** Character offset where token {@code i} starts ({@code sql.length()} past the end). */
  int startChar(int i) {
    return i < tokens.size() ? tokens.get(i).start() : sql.length();
  }

  /** Character offset where token {@code i} ends. */
  int endChar(int i) {
    return tokens.get(i).end();
  }

  /**
   * A comparable form of a span: one entry per token, names folded as PostgreSQL folds them (so
   * {@code COUNT(*)}, {@code count( * )} and {@code "count"(*)} agree) and layout and comments ignored.
   */
  List<String> shape(Span s) {
    List<String> out = new ArrayList<>(s.to() - s.from());
    for (int i = s.from(); i < s.to(); i++) {
      Token t = tokens.get(i);
      String kind = switch (t.type()) {
        case IDENTIFIER, QUOTED_IDENTIFIER -> "n";
        case STRING -> "s";
        case NUMBER -> "d";
        case PARAMETER -> "p";
        default -> "o";
      };
      out.add(kind + ":" + (t.type() == TokenType.OPERATOR || t.type() == TokenType.PUNCTUATION
          ? t.text(sql) : t.value(sql)));
    }
    return out;
  }

  /**
   * The top-level pieces of {@code [from, to)} separated by commas (brackets nest); an empty range gives no
   * pieces.
   */
  List<Span> splitOnCommas(int from, int to) {
    List<Span> items = new ArrayList<>();
    if (from >= to) {
      return items;
    }
    int start = from;
    for (int i = from; i < to; i++) {
      if (ch(i, '(') || ch(i, '[')) {
        i = Math.min(close(i), to - 1);
      } else if (ch(i, ',')) {
        items.add(new Span(start, i));
        start = i + 1;
      }
    }
    items.add(new Span(start, to));
    return items;
  }
}
