package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.ProtocolException;

/**
 * Decodes typed backend frames by their type byte. Decoding reads a duplicate of the frame's body, so
 * the frame stays readable for forwarding; the caller still owns and releases it.
 */
public final class BackendMessages {
  private BackendMessages() {}

  /**
   * Decodes any backend message this module models.
   *
   * @throws ProtocolException for an unknown type byte (e.g. FunctionCallResponse) or a malformed body
   */
  public static BackendMessage decode(Frame frame) {
    ByteBuf body = frame.body().duplicate();
    return switch (frame.typeChar()) {
      case 'R' -> Authentication.decode(body);
      case 'S' -> ParameterStatus.decode(body);
      case 'K' -> BackendKeyData.decode(body);
      case 'Z' -> ReadyForQuery.decode(body);
      case 'E' -> ErrorResponse.decode(body);
      case 'N' -> NoticeResponse.decode(body);
      case 'C' -> CommandComplete.decode(body);
      case 'I' -> EmptyQueryResponse.decode(body);
      case 'T' -> RowDescription.decode(body);
      case 'D' -> DataRow.decode(body);
      case '1' -> ParseComplete.decode(body);
      case '2' -> BindComplete.decode(body);
      case '3' -> CloseComplete.decode(body);
      case 'n' -> NoData.decode(body);
      case 's' -> PortalSuspended.decode(body);
      case 't' -> ParameterDescription.decode(body);
      case 'A' -> NotificationResponse.decode(body);
      case 'v' -> NegotiateProtocolVersion.decode(body);
      case 'G' -> CopyInResponse.decode(body);
      case 'H' -> CopyOutResponse.decode(body);
      case 'W' -> CopyBothResponse.decode(body);
      case 'd' -> CopyData.decode(body);
      case 'c' -> CopyDone.decode(body);
      default -> throw new ProtocolException("invalid backend message type "
          + FrontendMessages.describe(frame.type()));
    };
  }
}
