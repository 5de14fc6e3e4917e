package io.shardgate.router.fanout;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of a string_agg / array_agg call as written: the value arguments and the ORDER BY inside the
 * parentheses ({@code string_agg(name, ', ' ORDER BY id DESC NULLS FIRST)}), read from the tokens.
 */
record OrderedCall(List<Span> arguments, List<Key> orderBy) {
  /** One ORDER BY key of the call: its expression, direction and NULL placement (PostgreSQL's defaults). */
  record Key(Span expression, boolean descending, boolean nullsFirst) {}

  static OrderedCall parse(SourceTokens ts, AggregateText at) {
    Span args = at.arguments();
    int order = args.to();
    for (int i = args.from(); i < args.to(); i++) {
      if (ts.ch(i, '(') || ts.ch(i, '[')) {
        i = Math.min(ts.close(i), args.to() - 1);
      } else if (ts.word(i, "order") && ts.word(i + 1, "by")) {
        order = i;
        break;
      }
    }
    List<Span> arguments = ts.splitOnCommas(args.from(), order);
    int expected = at.function().equals("string_agg") ? 2 : 1;
    if (arguments.size() != expected) {
      throw FanoutRefusal.unparsable(at.function() + " takes " + expected + " argument" + (expected == 1 ? "" : "s")
          + " before its ORDER BY.");
    }
    List<Key> keys = new ArrayList<>();
    for (Span s : order < args.to() ? ts.splitOnCommas(order + 2, args.to()) : List.<Span>of()) {
      keys.add(key(ts, s, at.function()));
    }
    return new OrderedCall(List.copyOf(arguments), List.copyOf(keys));
  }

  private static Key key(SourceTokens ts, Span s, String function) {
    int to = s.to();
    Boolean nullsFirst = null;
    if (ts.word(to - 2, "nulls") && (ts.word(to - 1, "first") || ts.word(to - 1, "last"))) {
      nullsFirst = ts.word(to - 1, "first");
      to -= 2;
    }
    boolean descending = false;
    if (ts.word(to - 1, "desc") || ts.word(to - 1, "asc")) {
      descending = ts.word(to - 1, "desc");
      to--;
    }
    for (int k = s.from(); k < to; k++) {
      if (ts.word(k, "using")) {
        throw FanoutRefusal.construct(function + "(... ORDER BY ... USING ...)",
            "the router orders the values by the type's default ordering only.");
      }
      if (ts.word(k, "collate") && k + 1 < to) {
        String collation = ts.value(k + 1);
        if (!collation.equals("C") && !collation.equals("POSIX")) {
          throw FanoutRefusal.collation(ts.text(k + 1, k + 2));
        }
      }
    }
    if (to <= s.from()) {
      throw FanoutRefusal.unparsable("An ORDER BY key of " + function + " has no expression.");
    }
    return new Key(new Span(s.from(), to), descending, nullsFirst != null ? nullsFirst : descending);
  }
}
