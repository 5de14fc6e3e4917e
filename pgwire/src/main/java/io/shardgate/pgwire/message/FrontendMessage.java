package io.shardgate.pgwire.message;

import io.netty.buffer.ByteBuf;

/** A message a client sends (decoded form). */
public sealed interface FrontendMessage
    permits StartupMessage, SSLRequest, CancelRequest, GSSENCRequest, Query, Terminate, PasswordMessage,
        SASLInitialResponse, SASLResponse, Parse, Bind, Describe, Execute, Close, Sync, Flush,
        CopyData, CopyDone, CopyFail {
  /** Writes the whole message, type byte (if any) and length included. */
  void encode(ByteBuf out);
}
