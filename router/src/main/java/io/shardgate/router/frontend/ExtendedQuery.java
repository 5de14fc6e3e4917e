package io.shardgate.router.frontend;

import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.Bind;
import io.shardgate.pgwire.message.BindComplete;
import io.shardgate.pgwire.message.Close;
import io.shardgate.pgwire.message.CloseComplete;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.Describe;
import io.shardgate.pgwire.message.Execute;
import io.shardgate.pgwire.message.Flush;
import io.shardgate.pgwire.message.FrontendMessage;
import io.shardgate.pgwire.message.FrontendMessages;
import io.shardgate.pgwire.message.NoData;
import io.shardgate.pgwire.message.ParameterDescription;
import io.shardgate.pgwire.message.Parse;
import io.shardgate.pgwire.message.ParseComplete;
import io.shardgate.pgwire.message.Query;
import io.shardgate.pgwire.message.ReadyForQuery;
import io.shardgate.pgwire.message.Sync;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.backend.FrameSink;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.router.planner.BoundParameters;
import io.shardgate.router.planner.Planner;
import io.shardgate.router.planner.Route;
import io.shardgate.sql.analysis.Analysis;
import io.shardgate.sql.analysis.StatementKind;
import io.shardgate.sql.lexer.SqlLexer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The extended query protocol of one client session. Parse is answered by the router and kept;
 * Bind routes the statement with its parameters (the shard key may be one) and prepares it, under a
 * shared name, on the chosen backend connection when that connection does not have it yet; Execute,
 * Describe, Close and Sync follow the portal to its backend. Replies reach the client in the order of
 * its messages through a queue of {@link ReplySlot}s; after an error every message up to Sync is
 * skipped, as PostgreSQL does.
 */
final class ExtendedQuery implements FrameSink {
  private final ClientSession session;
  private final Map<String, ClientStatement> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();
  private final ArrayDeque<ReplySlot> slots = new ArrayDeque<>();
  /** The backend connection of the current batch (the pinned one inside a transaction). */
  private BackendConnection conn;
  private boolean skipping;
  /** A frame waiting for a backend connection (acquire or switch in progress). */
  private Frame waiting;
  /** A Sync was sent: the next batch waits for its ReadyForQuery (the backend may be released then). */
  private boolean awaitingSync;
  /** Key-less SELECTs (fan-out portals), handled outside any backend batch. */
  private final ExtendedFanout fanout;

  ExtendedQuery(ClientSession session) {
    this.session = session;
    this.fanout = new ExtendedFanout(session, this::fail);
  }

  /** Whether the session must stop handing frames until a backend is ready. */
  boolean blocked() {
    return waiting != null || awaitingSync || fanout.busy();
  }

  /** Handles one extended-protocol frame (the caller releases it). */
  void handle(Frame frame) {
    if (skipping && frame.type() != 'S') {
      return;
    }
    try {
      dispatch(FrontendMessages.decode(frame), frame);
    } catch (SqlError e) {
      fail(e);
    }
  }

  private void dispatch(FrontendMessage message, Frame frame) {
    fanout.beforeMessage(message);
    if (message instanceof Parse p) {
      parse(p);
    } else if (message instanceof Bind b) {
      bind(b, frame);
    } else if (message instanceof Describe d) {
      describe(d, frame);
    } else if (message instanceof Execute e) {
      execute(e);
    } else if (message instanceof Close c) {
      close(c);
    } else if (message instanceof Sync) {
      sync();
    } else if (message instanceof Flush) {
      if (conn != null) {
        conn.send(Flush.INSTANCE);
      }
      session.ctx.flush();
    } else {
      throw Errors.protocolViolation("unexpected message in extended query protocol: " + message);
    }
  }

  private void parse(Parse p) {
    if (!p.statement().isEmpty() && statements.containsKey(p.statement())) {
      throw new SqlError("42P05", "prepared statement \"" + p.statement() + "\" already exists", null, null);
    }
    if (SqlLexer.splitStatements(p.query()).size() > 1) {
      throw new SqlError("42601", "cannot insert multiple commands into a prepared statement", null, null);
    }
    Analysis analysis = session.analyze(p.query());
    statements.put(p.statement(), ClientStatement.of(p.statement(), p.query(), p.parameterTypes(), analysis));
    reply(ParseComplete.INSTANCE);
  }

  private ClientStatement statement(String name) {
    ClientStatement s = statements.get(name);
    if (s == null) {
      throw new SqlError("26000", name.isEmpty() ? "unnamed prepared statement does not exist"
          : "prepared statement \"" + name + "\" does not exist", null, null);
    }
    return s;
  }

  private void bind(Bind b, Frame frame) {
    ClientStatement stmt = statement(b.statement());
    fanout.close(b.portal());
    TransactionState tx = session.tx;
    StatementKind kind = stmt.analysis().kind();
    Portal.LocalAction local = tx.failedLocally() ? failedTransactionAction(kind) : localAction(kind, stmt.sql());
    if (local != null) {
      portals.put(b.portal(), new Portal(b.portal(), stmt, null, local, null));
      reply(BindComplete.INSTANCE);
      return;
    }
    if (kind == StatementKind.LISTEN || kind == StatementKind.UNLISTEN) {
      throw new SqlError(Errors.FEATURE_NOT_SUPPORTED, "LISTEN through the extended query protocol is not supported yet",
          "LISTEN needs a connection of the client's own, which Shardgate sets up for simple queries.",
          "Send LISTEN as a simple query (pgJDBC: preferQueryMode=simple for the listening connection).");
    }
    String setting = null;
    if (kind == StatementKind.SET || kind == StatementKind.RESET) {
      setting = SessionSettings.classify(stmt.sql()) == SessionSettings.Kind.SESSION ? stmt.sql() : null;
    }
    Route route = Planner.plan(stmt.analysis(), session.router().topology().get(), BoundParameters.of(b));
    if (route instanceof Route.Scatter scatter) {
      if (readyForFanout(frame)) {
        portals.remove(b.portal());
        fanout.bind(b, stmt, scatter);
      }
      return;
    }
    if (!ensureBackend(route, frame)) {
      return;
    }
    prepare(stmt);
    conn.send(new Bind(b.portal(), stmt.backendName(), b.parameterFormats(), b.parameters(), b.resultFormats()));
    slots.add(ReplySlot.forward("2", null));
    portals.put(b.portal(), new Portal(b.portal(), stmt, conn, null, setting));
  }

  private void describe(Describe d, Frame frame) {
    if (d.kind() == Describe.PORTAL && fanout.owns(d.name())) {
      fanout.describePortal(d.name());
      return;
    }
    if (d.kind() == Describe.PORTAL) {
      Portal portal = portal(d.name());
      if (portal.isLocal()) {
        reply(NoData.INSTANCE);
      } else {
        use(portal.backend()).send(d);
        slots.add(ReplySlot.forward("Tn", null));
      }
      return;
    }
    ClientStatement stmt = statement(d.name());
    if (localAction(stmt.analysis().kind(), stmt.sql()) != null) {
      reply(new ParameterDescription(List.of()));
      reply(NoData.INSTANCE);
      return;
    }
    Route route = Planner.plan(stmt.analysis(), session.router().topology().get(), BoundParameters.UNBOUND);
    if (route instanceof Route.Scatter scatter) {
      if (readyForFanout(frame)) {
        fanout.describeStatement(stmt, scatter);
      }
      return;
    }
    if (!ensureBackend(route, frame)) {
      return;
    }
    prepare(stmt);
    conn.send(Describe.statement(stmt.backendName()));
    slots.add(ReplySlot.forward("Tn", null));
  }

  private void execute(Execute e) {
    if (fanout.owns(e.portal())) {
      fanout.execute(e);
      return;
    }
    Portal portal = portal(e.portal());
    if (portal.isLocal()) {
      reply(new CommandComplete(portal.local().execute()));
      return;
    }
    String setting = portal.settingToRecord();
    BackendConnection backend = use(portal.backend());
    backend.send(e);
    slots.add(ReplySlot.forward("CsI", setting == null ? null : () -> {
      session.settings.record(setting);
      backend.appliedSettings(session.settings.script());
    }));
  }

  private void close(Close c) {
    if (c.kind() == Close.STATEMENT) {
      statements.remove(c.name());
      reply(CloseComplete.INSTANCE);
      return;
    }
    Portal portal = portals.remove(c.name());
    if (fanout.close(c.name())) {
      reply(CloseComplete.INSTANCE);
    } else if (portal != null && !portal.isLocal()) {
      use(portal.backend()).send(c);
      slots.add(ReplySlot.forward("3", null));
    } else {
      reply(CloseComplete.INSTANCE);
    }
  }

  private void sync() {
    skipping = false;
    if (!session.tx.inTransaction()) {
      fanout.closeAll();
    }
    if (conn == null) {
      if (!session.tx.inTransaction()) {
        portals.clear();
      }
      reply(new ReadyForQuery(session.tx.status()));
      session.ctx.flush();
      return;
    }
    conn.send(Sync.INSTANCE);
    slots.add(ReplySlot.forward("Z", null));
    awaitingSync = true;
  }

  /** Makes a portal's backend (a transaction's pinned connection) the batch's backend. */
  private BackendConnection use(BackendConnection backend) {
    if (conn == null) {
      conn = backend;
      conn.attach(this);
    } else if (conn != backend) {
      throw Errors.protocolViolation("portal belongs to another backend connection than the current batch");
    }
    return conn;
  }

  private Portal portal(String name) {
    Portal p = portals.get(name);
    if (p == null) {
      throw new SqlError("34000", name.isEmpty() ? "unnamed portal does not exist"
          : "portal \"" + name + "\" does not exist", null, null);
    }
    return p;
  }

  /** Transaction control the router answers itself (see ADR 0002); null when the statement goes to a node. */
  private Portal.LocalAction localAction(StatementKind kind, String sql) {
    TransactionState tx = session.tx;
    if (tx.pinned() != null) {
      return null;
    }
    if (tx.hasDeferredBegin()) {
      return switch (kind) {
        case COMMIT -> () -> { tx.takePinned(); return "COMMIT"; };
        case ROLLBACK -> () -> { tx.takePinned(); return "ROLLBACK"; };
        case BEGIN -> () -> "BEGIN";
        case SAVEPOINT, RELEASE -> () -> { tx.defer(sql); return kind.name(); };
        case ROLLBACK_TO -> () -> { tx.defer(sql); return "ROLLBACK"; };
        default -> null;
      };
    }
    if (kind == StatementKind.BEGIN) {
      return () -> { tx.begin(sql); return "BEGIN"; };
    }
    if (kind == StatementKind.DISCARD && sql.strip().toLowerCase(java.util.Locale.ROOT).matches("(?s)discard\\s+all;?")) {
      return () -> { session.settings.clear(); return "DISCARD ALL"; };
    }
    return null;
  }

  /** In a transaction the router failed itself: only its end is accepted. */
  private Portal.LocalAction failedTransactionAction(StatementKind kind) {
    TransactionState tx = session.tx;
    if (kind == StatementKind.COMMIT || kind == StatementKind.ROLLBACK) {
      return () -> {
        BackendConnection pinned = tx.takePinned();
        if (pinned != null) {
          pinned.attach(null);
          pinned.send(new Query("ROLLBACK"));
          // the pool drains the ROLLBACK's replies and then takes the connection back
          session.release(pinned);
          if (pinned == conn) {
            conn = null;
          }
        }
        return "ROLLBACK";
      };
    }
    throw Errors.inFailedTransaction();
  }

  /** Whether a fan-out can start now: outside a transaction, with no backend batch open (else it is ended first). */
  private boolean readyForFanout(Frame frame) {
    if (session.tx.inTransaction()) {
      throw Errors.fanoutHere("inside a transaction yet");
    }
    if (conn == null) {
      return true;
    }
    conn.send(Sync.INSTANCE);
    slots.add(new ReplySlot(ReplySlot.Kind.SWALLOW, null, "Z", null, null));
    waitFor(frame, null);
    return false;
  }

  /** Makes {@link #conn} the backend for {@code route}; false when the frame must wait for it. */
  private boolean ensureBackend(Route route, Frame frame) {
    TransactionState tx = session.tx;
    if (tx.pinned() != null) {
      BackendKey pinnedKey = tx.pinned().key();
      if (!(route instanceof Route.Anywhere) && !route.backend().equals(pinnedKey)) {
        throw Errors.crossShardTransaction(pinnedKey.toString(), route.backend().toString());
      }
      conn = tx.pinned();
      conn.attach(this);
      return true;
    }
    if (conn != null && (route instanceof Route.Anywhere || conn.key().equals(route.backend()))) {
      return true;
    }
    if (conn != null) {
      // Another backend for the rest of this batch: finish this one's part first (its own implicit transaction).
      conn.send(Sync.INSTANCE);
      slots.add(new ReplySlot(ReplySlot.Kind.SWALLOW, null, "Z", null, null));
      waitFor(frame, null);
      return false;
    }
    waitFor(frame, route.backend());
    return false;
  }

  /** Parks {@code frame}; acquires {@code key} (or, when null, waits for the current backend's Sync). */
  private void waitFor(Frame frame, BackendKey key) {
    waiting = frame.retain();
    if (key != null) {
      acquire(key);
    }
  }

  private void acquire(BackendKey key) {
    boolean deferredBegin = session.tx.hasDeferredBegin();
    session.acquire(key).whenComplete((c, error) -> session.ctx.executor().execute(() -> {
      Frame parked = waiting;
      waiting = null;
      if (!session.ctx.channel().isActive()) {
        if (c != null) {
          session.release(c);
        }
        if (parked != null) {
          parked.release();
        }
        return;
      }
      if (error != null) {
        fail(Errors.acquireFailed(key.node(), error));
      } else {
        conn = c;
        c.attach(this);
        String settings = SessionSettings.prelude(c.appliedSettings(), session.settings.script());
        if (settings != null) {
          c.send(new Query(settings));
          c.appliedSettings(session.settings.script());
          slots.add(ReplySlot.swallowQuery());
        }
        if (deferredBegin && session.tx.hasDeferredBegin()) {
          c.send(new Query(session.tx.deferredScript()));
          slots.add(ReplySlot.swallowQuery());
          session.tx.pin(c);
        }
        if (parked != null) {
          handle(parked);
        }
      }
      if (parked != null) {
        parked.release();
      }
      session.drain();
    }));
  }

  private void prepare(ClientStatement stmt) {
    if (stmt.unnamed()) {
      conn.send(new Parse("", stmt.sql(), stmt.parameterTypes()));
      slots.add(ReplySlot.swallow("1", null));
    } else if (conn.markPrepared(stmt.backendName())) {
      BackendConnection c = conn;
      conn.send(new Parse(stmt.backendName(), stmt.sql(), stmt.parameterTypes()));
      slots.add(ReplySlot.swallow("1", () -> c.forgetPrepared(stmt.backendName())));
    }
  }

  private void reply(io.shardgate.pgwire.message.BackendMessage message) {
    if (slots.isEmpty()) {
      session.ctx.write(message);
    } else {
      slots.add(ReplySlot.local(message));
    }
  }

  /** A router-side error: reported in order, then everything up to Sync is skipped. */
  private void fail(SqlError e) {
    reply(e.toResponse(false));
    session.tx.failLocally();
    skipping = true;
  }

  @Override
  public void onFrame(Frame frame) {
    if (!session.ctx.executor().inEventLoop()) {
      session.ctx.executor().execute(() -> onFrame(frame));
      return;
    }
    try {
      deliver(frame);
    } finally {
      frame.release();
    }
    flushLocals();
  }

  private void deliver(Frame frame) {
    ReplySlot head = slots.peekFirst();
    byte type = frame.type();
    if (head == null) {
      if (type == 'N' || type == 'A' || type == 'S') {
        session.ctx.write(frame.retain()); // asynchronous notice, notification or parameter change
      }
      return;
    }
    boolean swallowed = head.kind() == ReplySlot.Kind.SWALLOW || head.kind() == ReplySlot.Kind.SWALLOW_QUERY;
    if (type == 'E') {
      session.ctx.write(frame.retain());
      if (head.kind() == ReplySlot.Kind.SWALLOW_QUERY) {
        return; // a simple query goes on to its ReadyForQuery
      }
      if (head.onError() != null) {
        head.onError().run();
      }
      backendError();
      return;
    }
    if (head.endsWith(type)) {
      slots.pollFirst();
      if (head.isSync()) {
        syncDone();
      } else if (!swallowed) {
        session.ctx.write(frame.retain());
      }
      if (head.kind() == ReplySlot.Kind.SWALLOW && type == 'Z') {
        switchDone();
      }
      if (head.onSuccess() != null) {
        try {
          head.onSuccess().run();
        } catch (SqlError e) {
          fail(e);
        }
      }
      return;
    }
    if (!swallowed) {
      session.ctx.write(frame.retain());
      if (!session.ctx.channel().isWritable()) {
        conn.setReading(false);
      }
    }
  }

  /** The node skips to Sync after an error: drop every expected reply up to the Sync (or the batch switch). */
  private void backendError() {
    while (!slots.isEmpty()) {
      ReplySlot s = slots.peekFirst();
      if (s.isSync() || (s.kind() == ReplySlot.Kind.SWALLOW && s.endsWith((byte) 'Z'))) {
        break;
      }
      slots.pollFirst();
    }
    if (slots.isEmpty()) {
      skipping = true;
    }
    session.tx.failLocally();
  }

  /** The client's Sync reached the node: end the batch, release or pin the backend. */
  private void syncDone() {
    BackendConnection c = conn;
    conn = null;
    awaitingSync = false;
    if (c != null) {
      c.setReading(true);
      c.attach(null);
      if (c.transactionStatus() == 'I') {
        if (session.tx.pinned() == c) {
          session.tx.takePinned();
        }
        session.release(c);
      } else if (session.tx.pinned() == null) {
        session.tx.pin(c);
      }
    }
    if (!session.tx.inTransaction()) {
      portals.clear(); // portals live until the end of their transaction
    }
    session.ctx.writeAndFlush(new ReadyForQuery(session.tx.status()));
    session.ctx.executor().execute(session::drain);
  }

  /** The part of the batch on the previous backend is done: release it and take the parked frame on. */
  private void switchDone() {
    BackendConnection c = conn;
    conn = null;
    if (c != null) {
      c.attach(null);
      session.release(c);
    }
    Frame parked = waiting;
    waiting = null;
    if (parked != null) {
      if (skipping) {
        parked.release();
      } else {
        try {
          handle(parked);
        } finally {
          parked.release();
        }
      }
    }
    session.ctx.executor().execute(session::drain);
  }

  private void flushLocals() {
    while (!slots.isEmpty() && slots.peekFirst().kind() == ReplySlot.Kind.LOCAL) {
      session.ctx.write(slots.pollFirst().local());
    }
  }

  @Override
  public void onReadComplete() {
    session.flushFromAnyThread();
  }

  @Override
  public void onBackendFailure(Throwable cause) {
    if (!session.ctx.executor().inEventLoop()) {
      session.ctx.executor().execute(() -> onBackendFailure(cause));
      return;
    }
    if (conn == null) {
      return;
    }
    BackendConnection c = conn;
    conn = null;
    slots.clear();
    awaitingSync = false;
    session.tx.takePinned();
    session.router().pool().close(c);
    session.ctx.writeAndFlush(Errors.nodeUnavailable(c.key().node(), ClientSession.rootMessage(cause)).toResponse(true))
        .addListener(f -> session.ctx.close());
  }

  /** Whether a batch is open on a backend (the session must not start a simple query on another). */
  boolean busy() {
    return conn != null && !slots.isEmpty();
  }

  /** The client went away: give the backend back (rolled back and drained by the pool). */
  void abandon() {
    fanout.abandon();
    if (waiting != null) {
      waiting.release();
      waiting = null;
    }
    BackendConnection c = conn;
    conn = null;
    slots.clear();
    awaitingSync = false;
    if (c != null && session.tx.pinned() != c) {
      c.attach(null);
      session.release(c);
    }
  }

  /** Cancels the statement running on the batch's backend. */
  void cancel() {
    fanout.cancel();
    BackendConnection c = conn;
    if (c != null && c.keyData() != null) {
      CancelSender.send(session.router().topology().get().node(c.key().node()), c.keyData());
    }
  }
}
