package io.shardgate.router.fanout;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each clause of a SELECT starts, found from its key word at bracket depth 0 (so nothing inside a
 * function call or subquery counts). Each clause runs to the next clause's key word; the select list runs
 * from after {@code SELECT [DISTINCT | ALL]} to FROM. {@code -1} marks an absent clause.
 */
final class SelectClauses {
  final int end;
  final boolean distinct;
  /** The expressions of DISTINCT ON (between its parentheses), or null. */
  final Span distinctOn;
  final int listStart;
  final int from;
  final int where;
  final int groupBy;
  final int having;
  final int window;
  final int orderBy;
  /** The first LIMIT, OFFSET or FETCH key word: those clauses come last, in any order. */
  final int limitTail;
  final int locking;
  final int into;
  final int setOperation;
  private final int[] starts;

  private SelectClauses(SourceTokens ts, int end) {
    this.end = end;
    int first = 1;
    boolean d = false;
    if (ts.word(first, "distinct")) {
      d = true;
      first++;
    } else if (ts.word(first, "all")) {
      first++;
    }
    distinct = d;
    Span on = null;
    if (d && ts.word(first, "on") && ts.ch(first + 1, '(')) {
      int close = ts.close(first + 1);
      on = new Span(first + 2, close);
      first = close + 1;
    }
    distinctOn = on;
    listStart = first;
    int[] found = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
    for (int i = first; i < end; i++) {
      if (ts.ch(i, '(') || ts.ch(i, '[')) {
        i = Math.min(ts.close(i), end);
        continue;
      }
      int clause = clauseAt(ts, i);
      if (clause >= 0 && found[clause] < 0) {
        found[clause] = i;
      }
    }
    from = found[0];
    where = found[1];
    groupBy = found[2];
    having = found[3];
    window = found[4];
    orderBy = found[5];
    limitTail = found[6];
    locking = found[7];
    into = found[8];
    setOperation = found[9];
    List<Integer> all = new ArrayList<>();
    for (int f : found) {
      if (f >= 0) {
        all.add(f);
      }
    }
    all.add(end);
    starts = all.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** The clauses of the SELECT in tokens {@code [0, end)}; token 0 is the word SELECT. */
  static SelectClauses scan(SourceTokens ts, int end) {
    return new SelectClauses(ts, end);
  }

  private static int clauseAt(SourceTokens ts, int i) {
    String w = ts.wordAt(i);
    if (w == null || ts.ch(i - 1, '.') || ts.word(i - 1, "as")) {
      return -1;
    }
    return switch (w) {
      case "from" -> ts.word(i - 1, "distinct") ? -1 : 0; // IS [NOT] DISTINCT FROM
      case "where" -> 1;
      case "group" -> ts.word(i + 1, "by") ? 2 : -1;
      case "having" -> 3;
      case "window" -> 4;
      case "order" -> ts.word(i + 1, "by") ? 5 : -1;
      case "limit", "offset", "fetch" -> 6;
      case "for" -> 7;
      case "into" -> 8;
      case "union", "intersect", "except" -> 9;
      default -> -1;
    };
  }

  /** The token where the clause after the one starting at {@code start} begins, or {@link #end}. */
  int next(int start) {
    for (int s : starts) {
      if (s > start) {
        return s;
      }
    }
    return end;
  }

  /** The select list's tokens. */
  Span list() {
    return new Span(listStart, next(listStart - 1));
  }

  /** The tokens of the clause whose key word is at {@code keyword}, key words included. */
  Span clause(int keyword) {
    return new Span(keyword, next(keyword));
  }

  /** The clause's contents after {@code keywords} key words (GROUP BY and ORDER BY have two). */
  Span body(int keyword, int keywords) {
    return new Span(keyword + keywords, next(keyword));
  }
}
