package io.shardgate.pgwire;

/** A peer broke the PostgreSQL v3 protocol (SQLSTATE 08P01 when reported to a client). */
public class ProtocolException extends RuntimeException {
  public ProtocolException(String message) {
    super(message);
  }
}
