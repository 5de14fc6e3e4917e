package io.shardgate.router.fanout;

import java.util.ArrayList;
import java.util.List;

/**
 * Expressions the router adds to the shards' select list for the merge alone (sort keys, grouping keys,
 * aggregates HAVING needs, the count half of avg), each once: an expression already added by an equal text
 * (layout and case of names aside) is reused.
 */
final class HiddenColumns {
  private final SourceTokens ts;
  private final List<String> texts = new ArrayList<>();
  private final List<List<String>> shapes = new ArrayList<>();

  HiddenColumns(SourceTokens ts) {
    this.ts = ts;
  }

  /** Adds the client's text of {@code span}; returns its 0-based index among the hidden columns. */
  int add(Span span) {
    return add(ts.text(span), ts.shape(span));
  }

  /** Adds an expression the router wrote itself (such as {@code count(x)} for avg). */
  int add(String text) {
    SourceTokens own = new SourceTokens(text);
    return add(text, own.shape(new Span(0, own.size())));
  }

  private int add(String text, List<String> shape) {
    int existing = shapes.indexOf(shape);
    if (existing >= 0) {
      return existing;
    }
    texts.add(text);
    shapes.add(shape);
    return texts.size() - 1;
  }

  List<String> texts() {
    return List.copyOf(texts);
  }

  int size() {
    return texts.size();
  }

  boolean isEmpty() {
    return texts.isEmpty();
  }
}
