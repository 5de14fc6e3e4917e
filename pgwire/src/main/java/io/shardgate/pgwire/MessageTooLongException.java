package io.shardgate.pgwire;

/** A message's length word exceeds the configured maximum; nothing was allocated for it. */
public final class MessageTooLongException extends ProtocolException {
  public MessageTooLongException(long length, long max) {
    super("message length " + length + " exceeds the maximum of " + max + " bytes");
  }
}
