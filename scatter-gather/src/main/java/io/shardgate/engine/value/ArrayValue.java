package io.shardgate.engine.value;

import java.util.Arrays;

/**
 * An array: dimensions, lower bounds and elements in storage (row-major) order, NULL elements as Java null.
 * Ordered as PostgreSQL's array_cmp: element by element with NULL above every value, then more elements
 * last, then more dimensions last, then dimension lengths, then lower bounds.
 */
public final class ArrayValue implements PgValue {
  private final int[] dims;
  private final int[] lowerBounds;
  private final PgValue[] elements;

  public ArrayValue(int[] dims, int[] lowerBounds, PgValue[] elements) {
    if (dims.length != lowerBounds.length) {
      throw new IllegalArgumentException("dims and lower bounds differ in length");
    }
    this.dims = dims.clone();
    this.lowerBounds = lowerBounds.clone();
    this.elements = elements.clone();
  }

  /** A one-dimensional array with lower bound 1 (an empty list gives the empty array '{}'). */
  public static ArrayValue of(PgValue... elements) {
    return elements.length == 0 ? new ArrayValue(new int[0], new int[0], elements)
        : new ArrayValue(new int[] {elements.length}, new int[] {1}, elements);
  }

  public int[] dims() {
    return dims.clone();
  }

  public int[] lowerBounds() {
    return lowerBounds.clone();
  }

  public PgValue[] elements() {
    return elements.clone();
  }

  @Override
  public int compareTo(PgValue other) {
    ArrayValue o = (ArrayValue) other;
    int n = Math.min(elements.length, o.elements.length);
    for (int i = 0; i < n; i++) {
      PgValue a = elements[i];
      PgValue b = o.elements[i];
      int c = a == null ? (b == null ? 0 : 1) : b == null ? -1 : a.compareTo(b);
      if (c != 0) {
        return c;
      }
    }
    if (elements.length != o.elements.length) {
      return Integer.compare(elements.length, o.elements.length);
    }
    if (dims.length != o.dims.length) {
      return Integer.compare(dims.length, o.dims.length);
    }
    int c = Arrays.compare(dims, o.dims);
    return c != 0 ? Integer.signum(c) : Integer.signum(Arrays.compare(lowerBounds, o.lowerBounds));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrayValue a && compareTo(a) == 0;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(elements) * 31 + Arrays.hashCode(dims) + 7 * Arrays.hashCode(lowerBounds);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims) + Arrays.toString(lowerBounds) + Arrays.toString(elements);
  }
}
