package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** A message a server sends (decoded form). */
public sealed interface BackendMessage
    permits Authentication, ParameterStatus, BackendKeyData, ReadyForQuery, ErrorResponse, NoticeResponse,
        CommandComplete, EmptyQueryResponse, RowDescription, DataRow, ParseComplete, BindComplete,
        CloseComplete, NoData, PortalSuspended, ParameterDescription, NotificationResponse,
        NegotiateProtocolVersion, CopyInResponse, CopyOutResponse, CopyBothResponse, CopyData, CopyDone {
  /** Writes the whole message, type byte and length included. */
  void encode(ByteBuf out);
}
