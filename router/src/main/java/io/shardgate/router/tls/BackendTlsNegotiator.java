package io.shardgate.router.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.shardgate.pgwire.message.SSLRequest;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;

/**
 * The first handler of a node connection when TLS to nodes is configured: on connect it sends an
 * SSLRequest and holds back channelActive (which makes the connection send its StartupMessage) until
 * the node has answered. On 'S' it puts an {@link SslHandler} in front and lets the login start once the
 * handshake succeeded; on 'N' it goes on in plain text (prefer) or fails with 08001 naming the node.
 * Then it removes itself. Failures reach the next handlers as a {@link SqlError} via exceptionCaught.
 */
public final class BackendTlsNegotiator extends ChannelInboundHandlerAdapter {
  private final BackendTls tls;
  private final String node;
  private final String host;
  private final int port;
  private boolean answered;

  public BackendTlsNegotiator(BackendTls tls, String node, String host, int port) {
    if (!tls.mode().usesTls()) {
      throw new IllegalArgumentException("no TLS to negotiate in mode " + tls.mode().configName());
    }
    this.tls = tls;
    this.node = node;
    this.host = host;
    this.port = port;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ByteBuf request = ctx.alloc().buffer(8);
    SSLRequest.INSTANCE.encode(request);
    ctx.writeAndFlush(request); // written from here it skips the message encoder behind this handler
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (answered || !(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    answered = true;
    try {
      byte answer = in.readByte();
      if (in.isReadable()) {
        // Bytes after the answer would be read as if they had come over TLS (CVE-2021-23214).
        fail(ctx, Errors.nodeTlsFailed(node, "the node sent unencrypted data after its answer to the SSLRequest"));
      } else if (answer == 'S') {
        SslHandler ssl = TlsContexts.backendHandler(tls.context().orElseThrow(), ctx.alloc(), host, port);
        ctx.pipeline().addBefore(ctx.name(), "backend-tls", ssl);
        ssl.handshakeFuture().addListener(f -> {
          if (f.isSuccess()) {
            startLogin(ctx);
          } else {
            fail(ctx, Errors.nodeTlsFailed(node, "TLS handshake failed: " + Errors.rootMessage(f.cause())));
          }
        });
      } else if (answer == 'N' && !tls.mode().requiresTls()) {
        startLogin(ctx);
      } else if (answer == 'N') {
        fail(ctx, Errors.nodeWithoutTls(node, tls.mode().configName()));
      } else {
        fail(ctx, Errors.nodeTlsFailed(node, "unexpected answer " + (answer & 0xFF) + " to the SSLRequest"));
      }
    } finally {
      in.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // The SslHandler's own report of a failed handshake: give it the node's name and an SQLSTATE.
    ctx.fireExceptionCaught(cause instanceof SqlError ? cause
        : Errors.nodeTlsFailed(node, "TLS handshake failed: " + Errors.rootMessage(cause)));
  }

  private void startLogin(ChannelHandlerContext ctx) {
    ctx.fireChannelActive(); // the connection sends its StartupMessage, over TLS when the SslHandler is in front
    ctx.pipeline().remove(this);
  }

  private void fail(ChannelHandlerContext ctx, SqlError error) {
    ctx.fireExceptionCaught(error);
    ctx.close();
  }
}
