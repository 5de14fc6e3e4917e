package io.shardgate.router.fanout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shard SQL as the client's text with a few pieces replaced, inserted or cut out, by character offset
 * (never re-printed from a parse tree, so every literal, cast, comment and {@code $n} reaches the shards as
 * the client wrote it).
 */
final class ShardSqlEdits {
  private record Edit(int start, int end, String text, int order) {}

  private final SourceTokens ts;
  private final List<Edit> edits = new ArrayList<>();

  ShardSqlEdits(SourceTokens ts) {
    this.ts = ts;
  }

  /** Replaces the tokens of {@code span} (and what lies between them) with {@code text}. */
  void replace(Span span, String text) {
    edits.add(new Edit(ts.startChar(span.from()), ts.endChar(span.to() - 1), text, edits.size()));
  }

  /** Cuts out the tokens of {@code span}. */
  void remove(Span span) {
    replace(span, "");
  }

  /** Cuts out the tokens of {@code span} and the white space (or comments) before them. */
  void removeWithSpaceBefore(Span span) {
    int start = span.from() == 0 ? 0 : ts.endChar(span.from() - 1);
    edits.add(new Edit(start, ts.endChar(span.to() - 1), "", edits.size()));
  }

  /** Inserts {@code text} right after token {@code i}. */
  void insertAfter(int i, String text) {
    int at = ts.endChar(i);
    edits.add(new Edit(at, at, text, edits.size()));
  }

  /** Inserts {@code text} right before token {@code i}. */
  void insertBefore(int i, String text) {
    int at = ts.startChar(i);
    edits.add(new Edit(at, at, text, edits.size()));
  }

  String apply() {
    List<Edit> sorted = new ArrayList<>(edits);
    // at one offset, insertions go before a replacement that starts there
    sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(e -> e.end() - e.start())
        .thenComparingInt(Edit::order));
    StringBuilder out = new StringBuilder(ts.sql.length() + 64);
    int at = 0;
    for (Edit e : sorted) {
      if (e.start() < at) {
        throw new IllegalStateException("overlapping edits of the shard SQL at offset " + e.start());
      }
      out.append(ts.sql, at, e.start()).append(e.text());
      at = e.end();
    }
    return out.append(ts.sql, at, ts.sql.length()).toString();
  }
}
