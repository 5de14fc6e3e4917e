package io.shardgate.router.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.shardgate.router.errors.SqlError;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {
  @TempDir static Path dir;
  private static TestCertificates server;
  private static TestCertificates stranger;
  private static EventLoopGroup group;
  private static Channel listener;
  private static int port;

  @BeforeAll
  static void startTlsEchoServer() throws Exception {
    server = TestCertificates.selfSigned(dir, "localhost", "dns:localhost,ip:127.0.0.1");
    stranger = TestCertificates.selfSigned(dir, "stranger", "dns:localhost,ip:127.0.0.1");
    TlsConfig config = new TlsConfig(TlsMode.REQUIRED, Optional.of(server.cert()), Optional.of(server.key()),
        BackendTlsMode.DISABLED, Optional.empty());
    SslContext serverContext = TlsContexts.server(config).orElseThrow();
    group = new NioEventLoopGroup(2);
    listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(serverContext.newHandler(ch.alloc()), new SimpleChannelInboundHandler<ByteBuf>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                ctx.writeAndFlush(msg.retain());
              }
            });
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
    port = ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @AfterAll
  static void stop() throws Exception {
    if (listener != null) {
      listener.close().sync();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void requireTrustsAnyCertificateAndCarriesData() throws Exception {
    SslContext client = TlsContexts.backend(BackendTlsMode.REQUIRE, Optional.empty()).orElseThrow();
    assertEquals("ping", roundTrip(client, "some.other.name", "ping"));
  }

  @Test
  void verifyFullAcceptsTheRightRootAndHostName() throws Exception {
    SslContext client = TlsContexts.backend(BackendTlsMode.VERIFY_FULL, Optional.of(server.cert())).orElseThrow();
    assertEquals("hello", roundTrip(client, "localhost", "hello"));
    assertEquals("hello", roundTrip(client, "127.0.0.1", "hello"));
  }

  @Test
  void verifyFullRejectsAnotherHostName() {
    SslContext client = TlsContexts.backend(BackendTlsMode.VERIFY_FULL, Optional.of(server.cert())).orElseThrow();
    Throwable cause = handshakeFailure(client, "db.example.com");
    assertTrue(cause instanceof SSLHandshakeException, String.valueOf(cause));
  }

  @Test
  void verifyCaIgnoresTheHostNameButNotTheRoot() throws Exception {
    SslContext client = TlsContexts.backend(BackendTlsMode.VERIFY_CA, Optional.of(server.cert())).orElseThrow();
    assertEquals("x", roundTrip(client, "db.example.com", "x"));
    SslContext wrongRoot = TlsContexts.backend(BackendTlsMode.VERIFY_CA, Optional.of(stranger.cert())).orElseThrow();
    assertTrue(handshakeFailure(wrongRoot, "localhost") instanceof SSLHandshakeException);
  }

  @Test
  void verifyFullRejectsACertificateFromAnotherRoot() {
    SslContext client = TlsContexts.backend(BackendTlsMode.VERIFY_FULL, Optional.of(stranger.cert())).orElseThrow();
    assertTrue(handshakeFailure(client, "localhost") instanceof SSLHandshakeException);
  }

  @Test
  void disabledModesBuildNothing() {
    assertEquals(Optional.empty(), TlsContexts.server(TlsConfig.DISABLED));
    assertEquals(Optional.empty(), TlsContexts.backend(TlsConfig.DISABLED));
  }

  @Test
  void unusableFilesAreConfigErrors() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key\n");
    assertConfigError(() -> TlsContexts.server(server.cert(), garbage), "key", "garbage.pem", "BEGIN PRIVATE KEY");
    assertConfigError(() -> TlsContexts.server(garbage, server.key()), "cert", "garbage.pem", "not a PEM certificate");
    assertConfigError(() -> TlsContexts.backend(BackendTlsMode.VERIFY_FULL, Optional.of(garbage)),
        "backend_root_cert", "garbage.pem");
    assertConfigError(() -> TlsContexts.server(server.cert(), stranger.key()), "does not belong to the certificate");
    Path encrypted = Files.writeString(dir.resolve("encrypted.key"),
        TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
    assertConfigError(() -> TlsContexts.server(server.cert(), encrypted), "is encrypted", "openssl pkcs8");
    Path sec1 = Files.writeString(dir.resolve("sec1.key"), TestCertificates.pem("EC PRIVATE KEY", new byte[] {1}));
    assertConfigError(() -> TlsContexts.server(server.cert(), sec1), "SEC1", "openssl pkcs8");
  }

  @Test
  void readsPkcs1RsaKeysAsOlderOpensslWritesThem() throws Exception {
    TestCertificates rsa = TestCertificates.selfSigned(dir, "rsa", "dns:localhost", "RSA");
    byte[] pkcs8 = Base64.getMimeDecoder().decode(Files.readString(rsa.key())
        .replaceAll("-----[A-Z ]+-----", ""));
    Path pkcs1 = Files.writeString(dir.resolve("rsa-pkcs1.key"),
        TestCertificates.pem("RSA PRIVATE KEY", innerPkcs1(pkcs8)));
    assertTrue(TlsContexts.server(rsa.cert(), pkcs1).isServer());
    assertConfigError(() -> TlsContexts.server(server.cert(), pkcs1), "does not belong");
  }

  /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: after the version and the algorithm, an OCTET STRING. */
  private static byte[] innerPkcs1(byte[] der) {
    int at = 1 + lengthOfLength(der, 1);                    // outer SEQUENCE header
    at += 3;                                                // INTEGER 0
    at += 2 + der[at + 1];                                  // AlgorithmIdentifier (short length)
    int headerEnd = at + 1 + lengthOfLength(der, at + 1);   // OCTET STRING header
    return Arrays.copyOfRange(der, headerEnd, der.length);
  }

  private static int lengthOfLength(byte[] der, int at) {
    return (der[at] & 0x80) == 0 ? 1 : 1 + (der[at] & 0x7F);
  }

  private static void assertConfigError(org.junit.jupiter.api.function.Executable build, String... fragments) {
    SqlError e = assertThrows(SqlError.class, build);
    assertEquals("F0000", e.sqlState());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }
  }

  /** Connects to the echo server as {@code host}, sends {@code text} over TLS and returns the echo. */
  private static String roundTrip(SslContext context, String host, String text) throws Exception {
    CompletableFuture<String> echo = new CompletableFuture<>();
    Channel ch = connect(context, host, echo);
    try {
      SslHandler ssl = ch.pipeline().get(SslHandler.class);
      Future<Channel> handshake = ssl.handshakeFuture().await();
      assertTrue(handshake.isSuccess(), () -> String.valueOf(handshake.cause()));
      assertFalse(ssl.engine().getSession().getProtocol().startsWith("TLSv1.1"));
      ch.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)).sync();
      return echo.get(10, TimeUnit.SECONDS);
    } finally {
      ch.close().sync();
    }
  }

  private static Throwable handshakeFailure(SslContext context, String host) {
    Channel ch = connect(context, host, new CompletableFuture<>());
    try {
      Future<Channel> handshake = ch.pipeline().get(SslHandler.class).handshakeFuture().awaitUninterruptibly();
      assertFalse(handshake.isSuccess());
      return handshake.cause();
    } finally {
      ch.close().syncUninterruptibly();
    }
  }

  private static Channel connect(SslContext context, String host, CompletableFuture<String> echo) {
    return new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(TlsContexts.backendHandler(context, ch.alloc(), host, port),
                new SimpleChannelInboundHandler<ByteBuf>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                    echo.complete(msg.toString(StandardCharsets.UTF_8));
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    echo.completeExceptionally(cause);
                    ctx.close();
                  }
                });
          }
        })
        .connect("127.0.0.1", port).syncUninterruptibly().channel();
  }
}
