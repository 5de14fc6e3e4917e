package io.shardgate.router.frontend;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.ProtocolException;
import io.shardgate.pgwire.codec.FrameDecoder;
import io.shardgate.pgwire.codec.StartupDecoder;
import io.shardgate.pgwire.message.BackendKeyData;
import io.shardgate.pgwire.message.CancelRequest;
import io.shardgate.pgwire.message.GSSENCRequest;
import io.shardgate.pgwire.message.ParameterStatus;
import io.shardgate.pgwire.message.Query;
import io.shardgate.pgwire.message.ReadyForQuery;
import io.shardgate.pgwire.message.SSLRequest;
import io.shardgate.pgwire.message.StartupMessage;
import io.shardgate.router.auth.AuthStep;
import io.shardgate.router.auth.Authenticator;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: startup, then a queue of frontend messages handled one at a time. Each
 * simple Query is split into statements, each statement is run by a {@link QueryRun}, and errors of
 * Shardgate's own become ErrorResponse here and only here.
 */
public final class ClientSession extends ChannelInboundHandlerAdapter
    implements io.shardgate.router.limits.ClientActivity {
  private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
  private static final Set<String> ACCEPTED_ENCODINGS = Set.of("UTF8", "UTF-8", "UNICODE", "SQL_ASCII");
  /** Frames queued while a query runs before the session stops reading from the client. */
  private static final int MAX_QUEUED = 64;

  private final RouterContext router;
  private final Deque<Frame> queued = new ArrayDeque<>();
  final TransactionState tx = new TransactionState();
  ChannelHandlerContext ctx;
  private boolean started;
  private QueryRun running;
  private final ExtendedQuery extended = new ExtendedQuery(this);
  private int[] cancelKey;
  private Map<String, String> clientParameters = Map.of();
  private Authenticator authenticator;
  private final Map<BackendKey, BackendConnection> sessionBackends = new java.util.HashMap<>();
  private boolean tlsActive;
  SessionSettings settings = new SessionSettings(Map.of());

  public ClientSession(RouterContext router) {
    this.router = router;
  }

  RouterContext router() {
    return router;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Frame frame && authenticator != null && !authenticator.isDone()) {
      try {
        if (frame.type() != 'p') {
          fatal(Errors.protocolViolation("expected password response, got message type " + frame.typeChar()));
          return;
        }
        authStep(authenticator.onPasswordMessage(io.netty.buffer.ByteBufUtil.getBytes(frame.body())));
      } finally {
        frame.release();
      }
      return;
    }
    if (msg instanceof Frame frame && running != null && queued.isEmpty()
        && (frame.type() == 'd' || frame.type() == 'c' || frame.type() == 'f')) {
      running.copyFrame(frame); // COPY FROM STDIN data goes straight to the running COPY
      return;
    }
    if (msg instanceof Frame frame) {
      queued.addLast(frame);
      if (queued.size() >= MAX_QUEUED) {
        ctx.channel().config().setAutoRead(false);
      }
      drain();
    } else if (msg instanceof SSLRequest && router.settings().serverTls().isPresent() && !tlsActive) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
      // the 'S' has reached the socket; everything after it is TLS
      ctx.pipeline().addFirst("tls", router.settings().serverTls().get().newHandler(ctx.alloc()));
      tlsActive = true;
    } else if (msg instanceof SSLRequest || msg instanceof GSSENCRequest) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
    } else if (msg instanceof CancelRequest cancel) {
      ClientSession target = router.sessions().find(cancel.processId(), cancel.secretKey());
      if (target != null) {
        target.ctx.executor().execute(target::cancelRunning);
      }
      ctx.close();
    } else if (msg instanceof StartupMessage startup) {
      startup(startup);
    }
  }

  private void startup(StartupMessage startup) {
    Map<String, String> p = startup.parameters();
    String user = p.get("user");
    if (user == null || user.isEmpty()) {
      fatal(new SqlError(Errors.INVALID_AUTHORIZATION, "no PostgreSQL user name specified in startup packet", null, null));
      return;
    }
    String encoding = p.getOrDefault("client_encoding", "UTF8").toUpperCase(Locale.ROOT);
    if (!ACCEPTED_ENCODINGS.contains(encoding)) {
      fatal(new SqlError(Errors.FEATURE_NOT_SUPPORTED, "client_encoding \"" + encoding + "\" is not supported",
          null, "Connect with client_encoding UTF8."));
      return;
    }
    if (router.settings().tls().mode() == io.shardgate.router.tls.TlsMode.REQUIRED && !tlsActive) {
      fatal(io.shardgate.router.auth.AuthErrors.tlsRequired());
      return;
    }
    clientParameters = p;
    try {
      settings = new SessionSettings(p);
    } catch (SqlError e) {
      fatal(e);
      return;
    }
    ctx.pipeline().replace(StartupDecoder.class, "frames", new FrameDecoder(router.maxMessageLength()));
    authenticator = new Authenticator(router.settings().auth(), user);
    authStep(authenticator.start());
  }

  private void authStep(AuthStep step) {
    if (step instanceof AuthStep.Challenge c) {
      ctx.writeAndFlush(c.request());
    } else if (step instanceof AuthStep.Failed f) {
      fatal(f.error());
    } else if (step instanceof AuthStep.Authenticated a) {
      a.messages().forEach(ctx::write);
      connectHome();
    }
  }

  private void connectHome() {    BackendKey home = new BackendKey(router.topology().get().home(), null);
    router.pool().acquire(home, ctx.channel().eventLoop()).whenComplete((conn, error) -> ctx.executor().execute(() -> {
      if (error != null) {
        fatal(Errors.acquireFailed(home.node(), error));
        return;
      }
      Map<String, String> server = conn.parameters();
      release(conn);
      finishStartup(server);
    }));
  }

  private void finishStartup(Map<String, String> server) {
    server.forEach((name, value) -> {
      String shown = switch (name) {
        case "application_name" -> clientParameters.getOrDefault("application_name", "");
        case "client_encoding" -> clientParameters.getOrDefault("client_encoding", value);
        case "session_authorization" -> clientParameters.get("user");
        default -> clientParameters.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
            .map(Map.Entry::getValue).findFirst().orElse(value);
      };
      ctx.write(new ParameterStatus(name, shown));
    });
    cancelKey = router.sessions().register(this);
    ctx.write(new BackendKeyData(cancelKey[0], cancelKey[1]));
    ctx.writeAndFlush(ReadyForQuery.IDLE);
    started = true;
    drain();
  }

  /** Handles queued frames until one starts asynchronous work. */
  void drain() {
    while (started && running == null && !extended.blocked() && !queued.isEmpty()) {
      Frame frame = queued.pollFirst();
      try {
        handle(frame);
      } catch (SqlError e) {
        sendError(e);
      } finally {
        frame.release();
      }
    }
    if (queued.size() < MAX_QUEUED / 2 && ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void handle(Frame frame) {
    char type = frame.typeChar();
    switch (type) {
      case 'Q' -> {
        running = new QueryRun(this, Query.decode(frame.body()).sql());
        running.start();
      }
      case 'X' -> ctx.close();
      case 'P', 'B', 'D', 'E', 'C', 'S', 'H' -> extended.handle(frame);
      case 'd', 'c', 'f' -> { } // COPY data outside COPY: PostgreSQL ignores it too
      default -> fatal(Errors.protocolViolation("invalid frontend message type " + (int) type));
    }
  }

  private NotificationListener listener;

  /** The session's LISTEN connection, if it has one. */
  NotificationListener listener() {
    return listener;
  }

  void listener(NotificationListener l) {
    listener = l;
  }

  void listenerLost(NotificationListener l) {
    if (listener == l) {
      listener = null;
    }
  }

  /** Analyses one statement; a DECLARE CURSOR is analysed (and so routed) by its query. */
  io.shardgate.sql.analysis.Analysis analyze(String sql) {
    var cursor = io.shardgate.router.planner.DeclareCursor.parse(sql);
    if (cursor.isPresent()) {
      if (cursor.get().withHold() && router.pool().config().mode() == io.shardgate.router.backend.PoolConfig.PoolMode.TRANSACTION) {
        throw new SqlError(Errors.FEATURE_NOT_SUPPORTED, "cursors WITH HOLD are not supported in transaction pooling",
            "A WITH HOLD cursor outlives its transaction on one backend connection, which goes back to the pool.",
            "Use a cursor without HOLD inside a transaction, or pool.mode: session.");
      }
      io.shardgate.sql.analysis.Analysis inner = router.analyzer().analyze(cursor.get().query());
      router.shardedViews().check(inner);
      return inner;
    }
    if (io.shardgate.router.planner.DeclareCursor.isCursorCommand(sql)) {
      // FETCH / MOVE / CLOSE name a cursor, not a table: they go where the cursor is (the pinned backend)
      return new io.shardgate.sql.analysis.Analysis(io.shardgate.sql.analysis.StatementKind.OTHER, java.util.List.of(),
          java.util.List.of(), true, false, Map.of());
    }
    io.shardgate.sql.analysis.Analysis analysis = router.analyzer().analyze(sql);
    router.shardedViews().check(analysis);
    return analysis;
  }

  /** A backend connection for {@code key}: the session's own in session pooling, else one from the pool. */
  java.util.concurrent.CompletableFuture<BackendConnection> acquire(BackendKey key) {
    BackendConnection own = sessionBackends.remove(key);
    if (own != null && own.isUsable()) {
      return java.util.concurrent.CompletableFuture.completedFuture(own);
    }
    return router.pool().acquire(key, ctx.channel().eventLoop());
  }

  /** Gives a backend connection back: kept by the session in session pooling, else to the pool. */
  void release(BackendConnection conn) {
    if (router.pool().config().mode() == io.shardgate.router.backend.PoolConfig.PoolMode.SESSION
        && conn.isUsable() && ctx.channel().isActive() && conn.transactionStatus() == 'I' && conn.awaitingReplies() == 0
        && !sessionBackends.containsKey(conn.key())) {
      conn.attach(null);
      sessionBackends.put(conn.key(), conn);
      return;
    }
    router.pool().release(conn);
  }

  /** Called by a QueryRun when it has sent its ReadyForQuery. */
  void queryFinished() {
    running = null;
    drain();
  }

  /** Flushes the client's socket, from its event loop or from another thread (a backend's, a merge's). */
  void flushFromAnyThread() {
    if (ctx.executor().inEventLoop()) {
      ctx.flush();
    } else {
      ctx.executor().execute(ctx::flush);
    }
  }

  @Override
  public io.shardgate.router.limits.IdleState idleState() {
    if (!started) {
      return io.shardgate.router.limits.IdleState.STARTING;
    }
    if (running != null || extended.blocked() || !queued.isEmpty()) {
      return io.shardgate.router.limits.IdleState.BUSY;
    }
    return tx.inTransaction() ? io.shardgate.router.limits.IdleState.IDLE_IN_TRANSACTION
        : io.shardgate.router.limits.IdleState.IDLE;
  }

  @Override
  public void terminate(SqlError error) {
    fatal(error);
  }

  void sendError(SqlError e) {
    ctx.write(e.toResponse(false));
  }

  void fatal(SqlError e) {
    ctx.writeAndFlush(e.toResponse(true)).addListener(ChannelFutureListener.CLOSE);
  }

  private void cancelRunning() {
    if (running != null) {
      running.cancel();
    } else {
      extended.cancel();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (running != null) {
      running.clientWritable(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (cancelKey != null) {
      router.sessions().unregister(cancelKey[0], cancelKey[1]);
    }
    if (running != null) {
      running.abandon();
      running = null;
    }
    extended.abandon();
    java.util.List<BackendConnection> inTransaction = tx.end();
    inTransaction.forEach(router.pool()::release); // rolled back before anyone else gets it
    if (listener != null) {
      router.pool().close(listener.conn); // its LISTENs die with it
      listener = null;
    }
    sessionBackends.values().forEach(c -> {
      if (!inTransaction.contains(c)) {
        router.pool().release(c);
      }
    });
    sessionBackends.clear();
    queued.forEach(Frame::release);
    queued.clear();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof ProtocolException) {
      fatal(Errors.protocolViolation(c.getMessage()));
    } else if (c instanceof java.io.IOException) {
      ctx.close();
    } else {
      LOG.warn("closing client session after an unexpected error", c);
      fatal(Errors.internal(c));
    }
  }

  static String rootMessage(Throwable t) {
    return Errors.rootMessage(t);
  }
}
