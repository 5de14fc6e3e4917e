package io.shardgate.router.copy;

import io.netty.buffer.ByteBuf;

/**
 * Joins the binary COPY TO streams of several shards into one stream: the first shard's file header
 * only, every shard's tuples, one trailer at the end. PostgreSQL sends the file header at the start of
 * its first CopyData message and the -1 trailer as the end of its last one (alone, or right after the
 * header when there are no rows), so both are found at message boundaries.
 */
public final class BinaryCopyOutJoin {
  private static final int FIXED_HEADER = 19;

  private BinaryCopyOutJoin() {}

  /**
   * Trims one CopyData body of shard number {@code index} in place: the header is skipped unless this is
   * the first shard, the trailer is skipped always. Returns whether anything is left to forward.
   */
  public static boolean trim(ByteBuf body, boolean firstMessageOfShard, int index) {
    if (firstMessageOfShard && body.readableBytes() >= FIXED_HEADER) {
      int headerLength = FIXED_HEADER + body.getInt(body.readerIndex() + 15);
      if (index > 0 && headerLength <= body.readableBytes()) {
        body.skipBytes(headerLength);
      } else if (index == 0 && body.readableBytes() == headerLength + 2 && isTrailer(body, headerLength)) {
        body.writerIndex(body.writerIndex() - 2); // a shard without rows: header and trailer in one message
      }
    }
    if (body.readableBytes() == 2 && isTrailer(body, 0)) {
      body.skipBytes(2);
    }
    return body.isReadable();
  }

  /** The trailer the joined stream ends with. */
  public static byte[] trailer() {
    return new byte[] {(byte) 0xFF, (byte) 0xFF};
  }

  private static boolean isTrailer(ByteBuf body, int offset) {
    return body.getShort(body.readerIndex() + offset) == -1;
  }
}
