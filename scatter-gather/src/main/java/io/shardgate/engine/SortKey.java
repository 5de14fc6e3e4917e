package io.shardgate.engine;

/**
 * One ORDER BY key: a 0-based column index of the rows being sorted, direction and NULL placement.
 * PostgreSQL's defaults: NULLS LAST for ASC, NULLS FIRST for DESC (NULL sorts as if larger than any value).
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
  public SortKey {
    if (column < 0) {
      throw new IllegalArgumentException("column index must be >= 0");
    }
  }

  /** ASC NULLS LAST. */
  public static SortKey asc(int column) {
    return new SortKey(column, false, false);
  }

  /** DESC NULLS FIRST. */
  public static SortKey desc(int column) {
    return new SortKey(column, true, true);
  }

  public SortKey withNullsFirst() {
    return new SortKey(column, descending, true);
  }

  public SortKey withNullsLast() {
    return new SortKey(column, descending, false);
  }

  /** E.g. {@code 2 DESC NULLS FIRST}; always spelled out, defaults included. */
  @Override
  public String toString() {
    return column + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
  }
}
