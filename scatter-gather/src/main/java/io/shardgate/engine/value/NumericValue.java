package io.shardgate.engine.value;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A numeric: an exact decimal whose scale is PostgreSQL's display scale (so 1.50 prints as 1.50), or one of
 * the special values. Ordered as PostgreSQL's cmp_numerics: -Infinity &lt; every number &lt; Infinity &lt;
 * NaN, and numbers by value regardless of scale (1.0 = 1.00).
 */
public final class NumericValue implements PgValue {
  /** The kinds in their sort order. */
  public enum Kind { NEGATIVE_INFINITY, FINITE, POSITIVE_INFINITY, NAN }

  public static final NumericValue NAN = new NumericValue(Kind.NAN, null);
  public static final NumericValue POSITIVE_INFINITY = new NumericValue(Kind.POSITIVE_INFINITY, null);
  public static final NumericValue NEGATIVE_INFINITY = new NumericValue(Kind.NEGATIVE_INFINITY, null);

  private final Kind kind;
  private final BigDecimal decimal;

  private NumericValue(Kind kind, BigDecimal decimal) {
    this.kind = kind;
    this.decimal = decimal;
  }

  /** A finite numeric; a negative BigDecimal scale becomes scale 0, as PostgreSQL has no negative display scale. */
  public static NumericValue of(BigDecimal decimal) {
    Objects.requireNonNull(decimal);
    return new NumericValue(Kind.FINITE, decimal.scale() < 0 ? decimal.setScale(0) : decimal);
  }

  public static NumericValue of(long value) {
    return of(BigDecimal.valueOf(value));
  }

  public Kind kind() {
    return kind;
  }

  public boolean isFinite() {
    return kind == Kind.FINITE;
  }

  /** The exact value; only for finite numerics. */
  public BigDecimal decimal() {
    if (decimal == null) {
      throw new IllegalStateException(kind + " has no decimal value");
    }
    return decimal;
  }

  /** PostgreSQL's numeric addition: NaN wins, +Infinity plus -Infinity is NaN, scale is the larger one. */
  public NumericValue add(NumericValue o) {
    if (kind == Kind.NAN || o.kind == Kind.NAN) {
      return NAN;
    }
    if (kind == Kind.FINITE && o.kind == Kind.FINITE) {
      return of(decimal.add(o.decimal));
    }
    if (kind == Kind.FINITE) {
      return o;
    }
    if (o.kind == Kind.FINITE || o.kind == kind) {
      return this;
    }
    return NAN;
  }

  /** The value as a double, as PostgreSQL's numeric-to-float8 cast gives it. */
  public double toDouble() {
    return switch (kind) {
      case NAN -> Double.NaN;
      case POSITIVE_INFINITY -> Double.POSITIVE_INFINITY;
      case NEGATIVE_INFINITY -> Double.NEGATIVE_INFINITY;
      case FINITE -> decimal.doubleValue();
    };
  }

  @Override
  public int compareTo(PgValue other) {
    NumericValue o = (NumericValue) other;
    int c = kind.compareTo(o.kind);
    return c != 0 || kind != Kind.FINITE ? c : decimal.compareTo(o.decimal);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumericValue n && compareTo(n) == 0;
  }

  @Override
  public int hashCode() {
    return kind == Kind.FINITE ? decimal.stripTrailingZeros().hashCode() : kind.hashCode();
  }

  /** PostgreSQL's text output: the plain decimal with its display scale, or NaN / Infinity / -Infinity. */
  @Override
  public String toString() {
    return switch (kind) {
      case NAN -> "NaN";
      case POSITIVE_INFINITY -> "Infinity";
      case NEGATIVE_INFINITY -> "-Infinity";
      case FINITE -> decimal.toPlainString();
    };
  }
}
