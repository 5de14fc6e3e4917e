package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.ProtocolException;

/**
 * Decodes typed frontend frames by their type byte. Decoding reads a duplicate of the frame's body, so
 * the frame stays readable for forwarding; the caller still owns and releases it.
 */
public final class FrontendMessages {
  private FrontendMessages() {}

  /**
   * Decodes a frame sent after authentication (simple and extended query, COPY, Terminate). 'p' is
   * refused here: it means PasswordMessage, SASLInitialResponse or SASLResponse depending on the
   * authentication exchange, so use the explicit methods below while authenticating.
   *
   * @throws ProtocolException for an unknown or unexpected type byte or a malformed body
   */
  public static FrontendMessage decode(Frame frame) {
    ByteBuf body = frame.body().duplicate();
    return switch (frame.typeChar()) {
      case 'Q' -> Query.decode(body);
      case 'P' -> Parse.decode(body);
      case 'B' -> Bind.decode(body);
      case 'D' -> Describe.decode(body);
      case 'E' -> Execute.decode(body);
      case 'C' -> Close.decode(body);
      case 'S' -> Sync.decode(body);
      case 'H' -> Flush.decode(body);
      case 'd' -> CopyData.decode(body);
      case 'c' -> CopyDone.decode(body);
      case 'f' -> CopyFail.decode(body);
      case 'X' -> Terminate.decode(body);
      case 'p' -> throw new ProtocolException("unexpected authentication message outside authentication");
      default -> throw new ProtocolException("invalid frontend message type " + describe(frame.type()));
    };
  }

  /** Decodes the 'p' frame answering AuthenticationCleartextPassword or AuthenticationMD5Password. */
  public static PasswordMessage decodePasswordMessage(Frame frame) {
    return PasswordMessage.decode(authBody(frame, "password"));
  }

  /** Decodes the 'p' frame answering AuthenticationSASL. */
  public static SASLInitialResponse decodeSASLInitialResponse(Frame frame) {
    return SASLInitialResponse.decode(authBody(frame, "SASL initial response"));
  }

  /** Decodes the 'p' frame answering AuthenticationSASLContinue. */
  public static SASLResponse decodeSASLResponse(Frame frame) {
    return SASLResponse.decode(authBody(frame, "SASL response"));
  }

  private static ByteBuf authBody(Frame frame, String expected) {
    if (frame.type() != PasswordMessage.TYPE) {
      throw new ProtocolException("expected " + expected + ", got message type " + describe(frame.type()));
    }
    return frame.body().duplicate();
  }

  /** A type byte for an error message: the character when printable, its number always. */
  static String describe(byte type) {
    int code = type & 0xFF;
    return code >= 0x21 && code < 0x7F ? "'" + (char) code + "' (" + code + ")" : String.valueOf(code);
  }
}
