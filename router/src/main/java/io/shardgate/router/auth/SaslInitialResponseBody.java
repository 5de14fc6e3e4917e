package io.shardgate.router.auth;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The body of a SASLInitialResponse ('p'): the mechanism as a C string, then an int32 length and that
 * many bytes of data, or length -1 and no data.
 */
record SaslInitialResponseBody(String mechanism, byte[] data) {
  /** Reads a body; a malformed one is a 08P01 SqlError. {@code data} is null for length -1. */
  static SaslInitialResponseBody parse(byte[] body) {
    int nul = 0;
    while (nul < body.length && body[nul] != 0) {
      nul++;
    }
    if (nul == body.length) {
      throw AuthErrors.malformedAuthMessage("The SASLInitialResponse has no mechanism name.");
    }
    String mechanism = new String(body, 0, nul, StandardCharsets.UTF_8);
    ByteBuffer rest = ByteBuffer.wrap(body, nul + 1, body.length - nul - 1);
    int length;
    try {
      length = rest.getInt();
    } catch (BufferUnderflowException e) {
      throw AuthErrors.malformedAuthMessage("The SASLInitialResponse has no data length.");
    }
    if (length == -1 && !rest.hasRemaining()) {
      return new SaslInitialResponseBody(mechanism, null);
    }
    if (length != rest.remaining()) {
      throw AuthErrors.malformedAuthMessage("The SASLInitialResponse data length " + length + " does not match the "
          + rest.remaining() + " bytes that follow.");
    }
    byte[] data = new byte[length];
    rest.get(data);
    return new SaslInitialResponseBody(mechanism, data);
  }
}
