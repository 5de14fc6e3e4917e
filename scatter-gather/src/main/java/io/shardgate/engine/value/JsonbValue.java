package io.shardgate.engine.value;

import java.util.List;

/**
 * A jsonb document, ordered as PostgreSQL's compareJsonbContainers: Object &gt; Array &gt; Boolean &gt;
 * Number &gt; String &gt; Null; objects by pair count, then key and value pairs in storage order (keys by
 * length, then bytes); arrays by element count, then elements; a top-level scalar is a one-element "raw
 * scalar" array that sorts below a real array of the same length (which is why '[]' sorts below 'null').
 * Strings compare in byte order (C collation); numbers as numeric (1 = 1.0).
 */
public record JsonbValue(Node root) implements PgValue {
  /** One JSON value. */
  public sealed interface Node permits Null, Str, Num, Bool, Arr, Obj {
    /** PostgreSQL's jbvType order: null, string, numeric, bool, array, object. */
    int rank();
  }

  /** JSON null. */
  public record Null() implements Node {
    @Override
    public int rank() {
      return 0;
    }
  }

  /** A string as UTF-8 bytes. */
  public record Str(BytesValue value) implements Node {
    @Override
    public int rank() {
      return 1;
    }
  }

  /** A number. */
  public record Num(NumericValue value) implements Node {
    @Override
    public int rank() {
      return 2;
    }
  }

  /** true or false. */
  public record Bool(boolean value) implements Node {
    @Override
    public int rank() {
      return 3;
    }
  }

  /** An array. */
  public record Arr(List<Node> elements) implements Node {
    public Arr {
      elements = List.copyOf(elements);
    }

    @Override
    public int rank() {
      return 4;
    }
  }

  /** An object, its keys unique and sorted as jsonb stores them (length, then bytes). */
  public record Obj(List<Str> keys, List<Node> values) implements Node {
    public Obj {
      keys = List.copyOf(keys);
      values = List.copyOf(values);
    }

    @Override
    public int rank() {
      return 5;
    }
  }

  @Override
  public int compareTo(PgValue other) {
    Node a = root;
    Node b = ((JsonbValue) other).root;
    boolean rawA = !(a instanceof Arr || a instanceof Obj);
    boolean rawB = !(b instanceof Arr || b instanceof Obj);
    if (rawA || rawB) {
      // A raw scalar is stored as a one-element array flagged rawScalar; compare it as such.
      Arr wa = rawA ? new Arr(List.of(a)) : a instanceof Arr arr ? arr : null;
      Arr wb = rawB ? new Arr(List.of(b)) : b instanceof Arr arr ? arr : null;
      if (wa == null || wb == null) {
        return Integer.compare(rank(a, rawA), rank(b, rawB));
      }
      int n = Integer.compare(wa.elements().size(), wb.elements().size());
      if (n != 0) {
        return n;
      }
      if (rawA != rawB) {
        return rawA ? -1 : 1;
      }
      return compareElements(wa.elements(), wb.elements());
    }
    return compare(a, b);
  }

  private static int rank(Node n, boolean raw) {
    return raw ? 4 : n.rank();
  }

  private static int compare(Node a, Node b) {
    if (a.rank() != b.rank()) {
      return Integer.compare(a.rank(), b.rank());
    }
    if (a instanceof Str sa) {
      return sa.value().compareTo(((Str) b).value());
    }
    if (a instanceof Num na) {
      return na.value().compareTo(((Num) b).value());
    }
    if (a instanceof Bool ba) {
      return Boolean.compare(ba.value(), ((Bool) b).value());
    }
    if (a instanceof Arr aa) {
      Arr ab = (Arr) b;
      int n = Integer.compare(aa.elements().size(), ab.elements().size());
      return n != 0 ? n : compareElements(aa.elements(), ab.elements());
    }
    if (a instanceof Obj oa) {
      Obj ob = (Obj) b;
      int n = Integer.compare(oa.keys().size(), ob.keys().size());
      for (int i = 0; n == 0 && i < oa.keys().size(); i++) {
        n = compare(oa.keys().get(i), ob.keys().get(i));
        if (n == 0) {
          n = compare(oa.values().get(i), ob.values().get(i));
        }
      }
      return n;
    }
    return 0;
  }

  private static int compareElements(List<Node> a, List<Node> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
