package io.shardgate.router.fanout;

/** A half-open range {@code [from, to)} of token indexes in {@link SourceTokens}. */
record Span(int from, int to) {
  Span {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("bad span [" + from + ", " + to + ")");
    }
  }

  boolean isEmpty() {
    return from == to;
  }

  int size() {
    return to - from;
  }
}
