package io.shardgate.router.fanout;

import io.shardgate.engine.Limit;
import io.shardgate.sql.lexer.TokenType;

/**
 * The constant row window of a SELECT: {@code LIMIT n | ALL | NULL}, {@code OFFSET n [ROW | ROWS]} and
 * {@code FETCH {FIRST | NEXT} [n] {ROW | ROWS} ONLY}, in any order. {@code count} is {@link Limit#ALL} when
 * there is no limit.
 */
record LimitClause(long offset, long count) {
  static final LimitClause NONE = new LimitClause(0, Limit.ALL);

  boolean isNone() {
    return offset == 0 && count == Limit.ALL;
  }

  /** What each shard must return so that the merge can skip {@code offset} rows and still have {@code count}. */
  long perShard() {
    if (count == Limit.ALL) {
      return Limit.ALL;
    }
    long sum = offset + count;
    return sum < 0 ? Limit.ALL : sum; // overflow: every row
  }

  /** Reads the clauses in tokens {@code tail}; refuses anything but integer constants. */
  static LimitClause parse(SourceTokens ts, Span tail) {
    try {
      return read(ts, tail);
    } catch (Malformed e) {
      throw FanoutRefusal.limit("\"" + ts.text(tail) + "\"");
    }
  }

  /** A clause that is not an integer constant; reported with the whole tail. */
  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed() {
      super(null, null, false, false);
    }
  }

  private static LimitClause read(SourceTokens ts, Span tail) throws Malformed {
    long offset = 0;
    long count = Limit.ALL;
    int i = tail.from();
    int end = tail.to();
    while (i < end) {
      if (ts.word(i, "limit")) {
        if (ts.word(i + 1, "all") || ts.word(i + 1, "null")) {
          count = Limit.ALL;
        } else {
          count = integer(ts, i + 1, end);
        }
        i += 2;
      } else if (ts.word(i, "offset")) {
        offset = integer(ts, i + 1, end);
        i += 2;
        if (ts.word(i, "row") || ts.word(i, "rows")) {
          i++;
        }
      } else if (ts.word(i, "fetch") && (ts.word(i + 1, "first") || ts.word(i + 1, "next"))) {
        i += 2;
        count = 1;
        if (ts.type(i, TokenType.NUMBER)) {
          count = integer(ts, i, end);
          i++;
        }
        if (!(ts.word(i, "row") || ts.word(i, "rows"))) {
          throw new Malformed();
        }
        i++;
        if (ts.word(i, "with") && ts.word(i + 1, "ties")) {
          throw FanoutRefusal.construct("FETCH ... WITH TIES", "the merge cannot tell which rows tie across shards.");
        }
        if (!ts.word(i, "only")) {
          throw new Malformed();
        }
        i++;
      } else {
        throw new Malformed();
      }
    }
    return new LimitClause(offset, count);
  }

  private static long integer(SourceTokens ts, int i, int end) throws Malformed {
    if (i < end && ts.type(i, TokenType.NUMBER)) {
      String v = ts.value(i);
      if (v.chars().allMatch(Character::isDigit)) {
        try {
          return Long.parseLong(v);
        } catch (NumberFormatException e) {
          // falls through to the refusal: beyond bigint
        }
      }
    }
    throw new Malformed();
  }
}
