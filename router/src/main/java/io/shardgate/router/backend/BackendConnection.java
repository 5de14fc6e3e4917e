package io.shardgate.router.backend;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.Authentication;
import io.shardgate.pgwire.message.BackendKeyData;
import io.shardgate.pgwire.message.ErrorResponse;
import io.shardgate.pgwire.message.ParameterStatus;
import io.shardgate.pgwire.message.PasswordMessage;
import io.shardgate.pgwire.message.ReadyForQuery;
import io.shardgate.pgwire.message.SASLInitialResponse;
import io.shardgate.pgwire.message.SASLResponse;
import io.shardgate.pgwire.message.StartupMessage;
import io.shardgate.router.auth.ScramSha256Client;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One connection from Shardgate to a node, speaking the wire protocol. It logs in, remembers the
 * node's ParameterStatus values and BackendKeyData, and then hands every frame it reads to the
 * {@link FrameSink} of the client that holds it.
 */
public final class BackendConnection extends SimpleChannelInboundHandler<Frame> {
  private final BackendKey key;
  private final String user;
  private final String password;
  private final CompletableFuture<BackendConnection> ready = new CompletableFuture<>();
  private final Map<String, String> parameters = new LinkedHashMap<>();
  private final long createdNanos = System.nanoTime();
  private volatile Channel channel;
  private volatile FrameSink sink;
  private volatile BackendKeyData keyData;
  private volatile char transactionStatus = 'I';
  private volatile boolean broken;
  private volatile String appliedSettings = "";
  /** Prepared statements per connection before it is retired (each holds a plan in the node's memory). */
  private static final int MAX_PREPARED = 2000;
  private final java.util.Set<String> prepared = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger awaiting = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean openBatch;

  BackendConnection(BackendKey key, String user, String password) {
    super(false);
    this.key = key;
    this.user = user;
    this.password = password;
  }

  public BackendKey key() {
    return key;
  }

  public Channel channel() {
    return channel;
  }

  CompletableFuture<BackendConnection> ready() {
    return ready;
  }

  /** The node's run-time parameters as reported at login (server_version, TimeZone...). */
  public Map<String, String> parameters() {
    return Map.copyOf(parameters);
  }

  public BackendKeyData keyData() {
    return keyData;
  }

  /** The status byte of the last ReadyForQuery: I, T or E. */
  public char transactionStatus() {
    return transactionStatus;
  }

  public boolean isUsable() {
    return !broken && channel != null && channel.isActive();
  }

  long ageNanos() {
    return System.nanoTime() - createdNanos;
  }

  private volatile long idleSince = System.nanoTime();
  private boolean counted = true;

  long idleSince() {
    return idleSince;
  }

  void idleSince(long nanos) {
    idleSince = nanos;
  }

  /** Whether the pool still counts this connection against its limits (guarded by the pool's lock). */
  boolean counted() {
    return counted;
  }

  void uncount() {
    counted = false;
  }

  /** Routes the frames this connection reads to {@code sink} (null: none expected). */
  public void attach(FrameSink sink) {
    this.sink = sink;
  }

  /** The session-settings script last applied to this connection ("" = server defaults). */
  public String appliedSettings() {
    return appliedSettings;
  }

  public void appliedSettings(String script) {
    this.appliedSettings = script;
  }

  /** Notes that statement {@code name} is (about to be) prepared here; false if it already was. */
  public boolean markPrepared(String name) {
    if (prepared.size() >= MAX_PREPARED) {
      broken = true; // closed when released, which drops its prepared statements with it
    }
    return prepared.add(name);
  }

  /** Forgets a statement whose preparation failed. */
  public void forgetPrepared(String name) {
    prepared.remove(name);
  }

  /** Marks the connection unfit for reuse. */
  public void markBroken() {
    broken = true;
  }

  /**
   * Sends a message or frame; a Query or Sync will be answered by one ReadyForQuery. Parse, Bind,
   * Describe, Execute and Close are only written: the node answers them at the Sync or Flush that
   * follows, which flushes the whole batch in one write (see {@link OutboundBatch}).
   */
  public void send(Object message) {
    OutboundBatch.Effect effect = OutboundBatch.effect(message);
    if (effect == OutboundBatch.Effect.ENDS_BATCH) {
      awaiting.incrementAndGet();
    }
    openBatch = effect == OutboundBatch.Effect.DEFERRED || (openBatch && effect == OutboundBatch.Effect.FLUSHES);
    if (effect == OutboundBatch.Effect.DEFERRED) {
      channel.write(message, channel.voidPromise());
    } else {
      channel.writeAndFlush(message);
    }
  }

  /**
   * Whether extended-protocol messages were sent since the last Sync or Query: the node is inside an
   * unfinished batch (and may hold replies back until a Sync), so the connection cannot serve anyone else yet.
   */
  public boolean hasOpenBatch() {
    return openBatch;
  }

  /** How many sent queries (or Syncs) the node has not yet answered with ReadyForQuery. */
  public int awaitingReplies() {
    return awaiting.get();
  }

  /** Pauses or resumes reading from the node (backpressure from a slow client). */
  public void setReading(boolean on) {
    Channel ch = channel;
    if (ch != null) {
      ch.config().setAutoRead(on);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("user", user);
    params.put("database", database);
    if (key.schema() != null) {
      // The client's SQL passes verbatim; the shard schema's views make unqualified names the shard's rows.
      params.put("options", "-c search_path=" + key.schema());
    }
    params.put("client_encoding", "UTF8");
    params.put("application_name", "shardgate");
    ctx.writeAndFlush(new StartupMessage(StartupMessage.PROTOCOL_3_0, params));
  }

  private String database;
  private ScramSha256Client scram;

  BackendConnection database(String database) {
    this.database = database;
    return this;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
    if (ready.isDone()) {
      if (frame.type() == ReadyForQuery.TYPE) {
        transactionStatus = (char) frame.body().getByte(frame.body().readerIndex());
        awaiting.decrementAndGet();
      }
      FrameSink s = sink;
      if (s != null) {
        s.onFrame(frame);
      } else {
        frame.release(); // e.g. a NoticeResponse or ParameterStatus while idle in the pool
      }
      return;
    }
    try {
      startupFrame(ctx, frame);
    } catch (RuntimeException e) {
      fail(ctx, e);
    } finally {
      frame.release();
    }
  }

  private void startupFrame(ChannelHandlerContext ctx, Frame frame) {
    switch (frame.typeChar()) {
      case 'R' -> {
        Authentication auth = Authentication.decode(frame.body());
        switch (auth.code()) {
          case Authentication.OK -> { }
          case Authentication.CLEARTEXT_PASSWORD -> ctx.writeAndFlush(new PasswordMessage(requirePassword()));
          case Authentication.MD5_PASSWORD -> ctx.writeAndFlush(
              new PasswordMessage(Md5Password.encode(user, requirePassword(), auth.data())));
          case Authentication.SASL -> {
            if (!auth.saslMechanisms().contains("SCRAM-SHA-256")) {
              fail(ctx, new IllegalStateException("node offers no supported SASL mechanism: " + auth.saslMechanisms()));
              return;
            }
            scram = new ScramSha256Client(requirePassword());
            ctx.writeAndFlush(new SASLInitialResponse("SCRAM-SHA-256", scram.clientFirst()));
          }
          case Authentication.SASL_CONTINUE -> ctx.writeAndFlush(new SASLResponse(scram.clientFinal(auth.saslContinueData())));
          case Authentication.SASL_FINAL -> scram.verifyServerFinal(auth.saslFinalData());
          default -> fail(ctx, new IllegalStateException("authentication method " + auth.code()
              + " requested by the node is not supported (use trust, password, md5 or scram-sha-256)"));
        }
      }
      case 'S' -> {
        ParameterStatus p = ParameterStatus.decode(frame.body());
        parameters.put(p.name(), p.value());
      }
      case 'K' -> keyData = BackendKeyData.decode(frame.body());
      case 'Z' -> ready.complete(this);
      case 'E' -> fail(ctx, new IllegalStateException(ErrorResponse.decode(frame.body()).message()));
      default -> { }
    }
  }

  private String requirePassword() {
    if (password == null) {
      throw new IllegalStateException("the node asks for a password and none is configured for user " + user);
    }
    return password;
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    broken = true;
    ready.completeExceptionally(cause);
    ctx.close();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    FrameSink s = sink;
    if (s != null && ready.isDone()) {
      s.onReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    broken = true;
    if (!ready.isDone()) {
      ready.completeExceptionally(new IllegalStateException("connection closed during login"));
    }
    FrameSink s = sink;
    if (s != null) {
      s.onBackendFailure(new IllegalStateException("connection to " + key + " closed"));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    broken = true;
    if (!ready.isDone()) {
      ready.completeExceptionally(cause);
    }
    ctx.close();
  }

  @Override
  public String toString() {
    return "backend(" + key + ")";
  }
}
