package io.shardgate.router.copy;

import io.shardgate.topology.KeyType;
import java.util.List;

/**
 * Cuts a COPY FROM STDIN data stream, which arrives in CopyData messages of any size, into whole rows
 * and reads a row's shard key, for one data format. The rows come back as the bytes to forward.
 */
public interface CopySplitter {
  /** The splitter for {@code format}; binary rows decode the shard key as {@code keyType}. */
  static CopySplitter of(CopyStatement.CopyFormat format, KeyType keyType) {
    return format.binary() ? new BinaryCopySplitter(keyType) : new CopyRowSplitter(format);
  }

  /** Adds data; returns the rows completed by it. Throws a SqlError (22P04) for malformed data. */
  List<byte[]> feed(byte[] data);

  /** At the client's CopyDone: the last row if one is pending, else null; throws for an incomplete one. */
  byte[] finish();

  /**
   * Field {@code index} (0-based) of a row as text, as the shard key's input function would read it;
   * null for SQL NULL.
   *
   * @throws IndexOutOfBoundsException when the row has fewer fields
   */
  String field(byte[] row, int index);

  /** Whether the first row is a file header that every shard's stream must begin with. */
  boolean hasFileHeader();

  /** What every shard's stream must end with before CopyDone (binary: the -1 trailer), or null. */
  default byte[] trailer() {
    return null;
  }

  /** The number of fields every row must have, once known (binary data carries it in each row). */
  default void expectFields(int count) {
  }
}
