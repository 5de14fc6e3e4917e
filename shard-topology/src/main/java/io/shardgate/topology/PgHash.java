package io.shardgate.topology;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * PostgreSQL's 64-bit "extended" hash functions, bit for bit: {@code hashint8extended},
 * {@code hashint4extended}, {@code hashtextextended} (deterministic collations) and
 * {@code uuid_hash_extended}, which are Bob Jenkins' lookup3 as in PostgreSQL's
 * {@code src/common/hashfn.c} ({@code hash_bytes_extended}, {@code hash_bytes_uint32_extended}).
 *
 * <p>Java's {@code int} arithmetic wraps exactly like C's {@code uint32}, so the mixing needs no
 * masking; only bytes are widened unsigned and the two result halves are joined unsigned.
 */
public final class PgHash {
  private PgHash() {}

  /** {@code hashint8extended(v, 0)}; equals {@code hashint4extended} and {@code hashint2extended} for values in their range. */
  public static long hashInt8(long v) {
    return hashInt8(v, 0);
  }

  /** {@code hashint8extended(v, seed)}. */
  public static long hashInt8(long v, long seed) {
    int lo = (int) v;
    int hi = (int) (v >>> 32);
    // Fold the high half so that int8 values in int4 range hash like the int4 value.
    lo ^= v >= 0 ? hi : ~hi;
    return hashUint32(lo, seed);
  }

  /** {@code hashint4extended(v, 0)}. */
  public static long hashInt4(int v) {
    return hashUint32(v, 0);
  }

  /** {@code hashint4extended(v, seed)}. */
  public static long hashInt4(int v, long seed) {
    return hashUint32(v, seed);
  }

  /** {@code hashtextextended(s, 0)} under a deterministic collation: the hash of the UTF-8 bytes. */
  public static long hashText(String s) {
    return hashText(s, 0);
  }

  /** {@code hashtextextended(s, seed)} under a deterministic collation. */
  public static long hashText(String s, long seed) {
    return hashBytes(s.getBytes(StandardCharsets.UTF_8), seed);
  }

  /** {@code uuid_hash_extended(u, 0)}. */
  public static long hashUuid(UUID u) {
    return hashUuid(u, 0);
  }

  /** {@code uuid_hash_extended(u, seed)}: the hash of the 16 bytes in textual (big-endian) order. */
  public static long hashUuid(UUID u, long seed) {
    byte[] b = new byte[16];
    long msb = u.getMostSignificantBits();
    long lsb = u.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (msb >>> (56 - 8 * i));
      b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
    }
    return hashBytes(b, seed);
  }

  /** {@code hash_any_extended(b, len, 0)}. */
  public static long hashBytes(byte[] b) {
    return hashBytes(b, 0, b.length, 0);
  }

  /** {@code hash_any_extended(b, len, seed)}. */
  public static long hashBytes(byte[] b, long seed) {
    return hashBytes(b, 0, b.length, seed);
  }

  /** {@code hash_bytes_extended} over {@code len} bytes of {@code k} from {@code off}. */
  public static long hashBytes(byte[] k, int off, int len, long seed) {
    Objects.checkFromIndexSize(off, len, k.length);
    Lookup3 h = new Lookup3(len, seed);
    int p = off;
    int remaining = len;
    while (remaining >= 12) {
      h.a += word(k, p);
      h.b += word(k, p + 4);
      h.c += word(k, p + 8);
      h.mix();
      p += 12;
      remaining -= 12;
    }
    // The last 0..11 bytes, little-endian; the lowest byte of c is left for the length.
    switch (remaining) {
      case 11: h.c += (k[p + 10] & 0xff) << 24; // fall through
      case 10: h.c += (k[p + 9] & 0xff) << 16; // fall through
      case 9: h.c += (k[p + 8] & 0xff) << 8; // fall through
      case 8: h.b += (k[p + 7] & 0xff) << 24; // fall through
      case 7: h.b += (k[p + 6] & 0xff) << 16; // fall through
      case 6: h.b += (k[p + 5] & 0xff) << 8; // fall through
      case 5: h.b += k[p + 4] & 0xff; // fall through
      case 4: h.a += (k[p + 3] & 0xff) << 24; // fall through
      case 3: h.a += (k[p + 2] & 0xff) << 16; // fall through
      case 2: h.a += (k[p + 1] & 0xff) << 8; // fall through
      case 1: h.a += k[p] & 0xff; // fall through
      default: break;
    }
    return h.finish();
  }

  /** {@code hash_bytes_uint32_extended(k, seed)}: the hash behind the int4 and int8 functions. */
  public static long hashUint32(int k, long seed) {
    Lookup3 h = new Lookup3(4, seed);
    h.a += k;
    return h.finish();
  }

  private static int word(byte[] k, int p) {
    return (k[p] & 0xff) | (k[p + 1] & 0xff) << 8 | (k[p + 2] & 0xff) << 16 | (k[p + 3] & 0xff) << 24;
  }

  /** The three-word state of lookup3 (short-lived; the JIT keeps it in registers). */
  private static final class Lookup3 {
    int a;
    int b;
    int c;

    Lookup3(int length, long seed) {
      a = 0x9e3779b9 + length + 3923095;
      b = a;
      c = a;
      if (seed != 0) {
        // The seed is hashed as if it were a 12-byte block: high word, low word, zeroes.
        a += (int) (seed >>> 32);
        b += (int) seed;
        mix();
      }
    }

    void mix() {
      a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
      a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
    }

    /** lookup3's final mix; the 64-bit result is b in the high half and c in the low half. */
    long finish() {
      c ^= b; c -= Integer.rotateLeft(b, 14);
      a ^= c; a -= Integer.rotateLeft(c, 11);
      b ^= a; b -= Integer.rotateLeft(a, 25);
      c ^= b; c -= Integer.rotateLeft(b, 16);
      a ^= c; a -= Integer.rotateLeft(c, 4);
      b ^= a; b -= Integer.rotateLeft(a, 14);
      c ^= b; c -= Integer.rotateLeft(b, 24);
      return ((long) b << 32) | (c & 0xffffffffL);
    }
  }
}
