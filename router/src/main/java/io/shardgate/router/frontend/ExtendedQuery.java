package io.shardgate.router.frontend;

import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.BackendMessage;
import io.shardgate.pgwire.message.Bind;
import io.shardgate.pgwire.message.RowDescription;
import io.shardgate.pgwire.message.BindComplete;
import io.shardgate.pgwire.message.Close;
import io.shardgate.pgwire.message.CloseComplete;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.Describe;
import io.shardgate.pgwire.message.ErrorResponse;
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
import io.shardgate.router.tx.CommitCoordinator;
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
  /** The outcome of transaction control run on every participant, for the Bind that waited for it. */
  private CommitCoordinator.Outcome coordinated;
  /** The answer of a write run on several nodes, for the Bind that waited for it. */
  private RanOnNodes ranOnNodes;
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
    String sql = session.router().shardedViews().constraints.rewrite(p.query());
    Analysis analysis = session.analyze(sql);
    statements.put(p.statement(), ClientStatement.of(p.statement(), sql, p.parameterTypes(), analysis));
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
    if (coordinated != null) {
      // the transaction control this Bind waited for has finished on every participant
      CommitCoordinator.Outcome outcome = coordinated;
      coordinated = null;
      if (outcome.error() != null) {
        fail(outcome.error());
        return;
      }
      String tag = outcome.tag();
      portals.put(b.portal(), new Portal(b.portal(), stmt, null, () -> tag, null, null, null));
      reply(BindComplete.INSTANCE);
      return;
    }
    if (ranOnNodes != null) {
      ranOnNodes(b, stmt, frame, null); // the write this Bind waited for has run on its nodes
      return;
    }
    boolean control = transactionControl(kind, stmt.sql());
    if (control && tx.participants().size() > 1) {
      coordinate(kind, stmt.sql(), frame);
      return;
    }
    Portal.LocalAction local = tx.status() == 'E' ? failedTransactionAction(kind, stmt.sql()) : localAction(kind, stmt.sql());
    if (local != null) {
      portals.put(b.portal(), new Portal(b.portal(), stmt, null, local, null, null, null));
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
    Route route = Planner.plan(stmt.analysis(), session.router().topology().get(), BoundParameters.of(b), stmt.sql());
    if (route instanceof Route.Scatter scatter) {
      if (readyForFanout(frame)) {
        portals.remove(b.portal());
        fanout.bind(b, stmt, scatter);
      }
      return;
    }
    if (route instanceof Route.EveryNode || route instanceof Route.Broadcast || route instanceof Route.Split) {
      ranOnNodes(b, stmt, frame, route);
      return;
    }
    if (!ensureBackend(route, frame)) {
      return;
    }
    prepare(stmt);
    conn.send(new Bind(b.portal(), stmt.backendName(), b.parameterFormats(), b.parameters(), b.resultFormats()));
    slots.add(ReplySlot.forward("2", null));
    String opening = control && kind != StatementKind.COMMIT && kind != StatementKind.ROLLBACK ? stmt.sql() : null;
    portals.put(b.portal(), new Portal(b.portal(), stmt, conn, null, setting, opening, null));
  }

  private void describe(Describe d, Frame frame) {
    if (d.kind() == Describe.PORTAL && fanout.owns(d.name())) {
      fanout.describePortal(d.name());
      return;
    }
    if (d.kind() == Describe.PORTAL) {
      Portal portal = portal(d.name());
      if (portal.result() != null) {
        BackendMessage head = portal.result().isEmpty() ? NoData.INSTANCE : portal.result().get(0);
        reply(head instanceof RowDescription ? head : NoData.INSTANCE);
      } else if (portal.isLocal()) {
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
    Route route = Planner.plan(stmt.analysis(), session.router().topology().get(), BoundParameters.UNBOUND, stmt.sql());
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
    if (portal.result() != null) {
      portal.result().stream().filter(m -> !(m instanceof RowDescription) && !(m instanceof NoData)).forEach(this::reply);
      return;
    }
    if (portal.isLocal()) {
      reply(new CommandComplete(portal.local().execute()));
      return;
    }
    String setting = portal.settingToRecord();
    String opening = portal.openingToRecord();
    BackendConnection backend = use(portal.backend());
    backend.send(e);
    slots.add(ReplySlot.forward("CsI", setting == null && opening == null ? null : () -> {
      if (setting != null) {
        session.settings.record(setting);
        backend.appliedSettings(session.settings.script());
      }
      if (opening != null) {
        session.tx.defer(opening); // participants that join later replay it
        if (opening.strip().toLowerCase(java.util.Locale.ROOT).startsWith("rollback")) {
          session.tx.forgetSchemas();
        }
      }
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
    if (!session.tx.inTransaction() || session.tx.implicit()) {
      fanout.closeAll(); // fan-out portals end with their (implicit) transaction
    }
    if (conn == null && session.tx.implicit()) {
      awaitingSync = true;
      endImplicit();
      return;
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
    if (!tx.participants().isEmpty()) {
      return null;
    }
    if (tx.hasDeferredBegin()) {
      return switch (kind) {
        case COMMIT -> () -> { tx.end(); return "COMMIT"; };
        case ROLLBACK -> () -> { tx.end(); return "ROLLBACK"; };
        case BEGIN -> () -> "BEGIN";
        case SAVEPOINT, RELEASE -> () -> { tx.defer(sql); return kind.name(); };
        case ROLLBACK_TO -> () -> { tx.defer(sql); return "ROLLBACK"; };
        case SET, RESET -> transactionControl(kind, sql)
            ? () -> { tx.defer(sql); return kind.name(); } : null;
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

  /** In a failed transaction only its end, or ROLLBACK TO a savepoint, is accepted. */
  private Portal.LocalAction failedTransactionAction(StatementKind kind, String sql) {
    TransactionState tx = session.tx;
    if (kind == StatementKind.COMMIT || kind == StatementKind.ROLLBACK) {
      return () -> {
        for (BackendConnection c : tx.end()) {
          c.attach(null);
          c.send(new Query("ROLLBACK"));
          // the pool drains the ROLLBACK's replies and then takes the connection back
          session.release(c);
          if (c == conn) {
            conn = null;
          }
        }
        return "ROLLBACK";
      };
    }
    if (kind == StatementKind.ROLLBACK_TO) {
      tx.clearLocalFailure();
      if (tx.participants().isEmpty()) {
        return () -> { tx.defer(sql); return "ROLLBACK"; };
      }
      return null; // to the transaction's only backend, which leaves its failed state
    }
    throw Errors.inFailedTransaction();
  }

  /** Statements that act on the whole transaction and so on every participant. */
  private static boolean transactionControl(StatementKind kind, String sql) {
    return switch (kind) {
      case COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO -> true;
      case SET, RESET -> SessionSettings.classify(sql) == SessionSettings.Kind.TRANSACTION_SCOPED;
      default -> false;
    };
  }

  /**
   * Transaction control across several participants: the batch's backend is synced first, then the statement
   * runs on every participant (COMMIT through the commit coordinator) while the session waits; the Bind is then
   * handled again and answered with the outcome.
   */
  private void coordinate(StatementKind kind, String sql, Frame frame) {
    if (conn != null) {
      leaveCurrentBackend(frame);
      return;
    }
    TransactionState tx = session.tx;
    waiting = frame.retain();
    var coordinator = session.router().transactions();
    java.util.concurrent.CompletableFuture<CommitCoordinator.Outcome> outcome;
    List<BackendConnection> conns;
    boolean failedState = tx.status() == 'E';
    if (kind == StatementKind.COMMIT || kind == StatementKind.ROLLBACK) {
      conns = tx.end();
      outcome = kind == StatementKind.COMMIT && !failedState ? coordinator.commit(conns) : coordinator.rollback(conns);
    } else if (failedState && kind != StatementKind.ROLLBACK_TO) {
      waiting.release();
      waiting = null;
      throw Errors.inFailedTransaction();
    } else {
      conns = null;
      tx.clearLocalFailure();
      String tag = kind == StatementKind.ROLLBACK_TO ? "ROLLBACK" : kind.name();
      outcome = coordinator.onEveryParticipant(tx.connections(), sql, tag);
    }
    outcome.whenComplete((o, e) -> session.ctx.executor().execute(() -> {
      if (conns != null) {
        conns.forEach(session::release);
      }
      resumeParked(() -> {
        coordinated = e != null ? new CommitCoordinator.Outcome(null, Errors.internal(e).toResponse(false)) : o;
        if (coordinated.error() == null && conns == null) {
          tx.defer(sql);
          if (kind == StatementKind.ROLLBACK_TO) {
            tx.forgetSchemas();
          }
        }
      });
    }));
  }

  /**
   * The work the parked frame waited for is done: {@code before} records its outcome, then the frame is handled
   * again; nothing happens when the client went away meanwhile.
   */
  private void resumeParked(Runnable before) {
    Frame parked = waiting;
    waiting = null;
    if (parked == null || !session.ctx.channel().isActive()) {
      if (parked != null) {
        parked.release();
      }
      return;
    }
    before.run();
    try {
      handle(parked);
    } finally {
      parked.release();
    }
    session.drain();
  }

  /** What a write run at Bind on several nodes answered (decoded, nothing to release), or its error. */
  private record RanOnNodes(List<BackendMessage> reply, ErrorResponse error) {
    static RanOnNodes of(List<?> replies, ErrorResponse error) {
      List<BackendMessage> messages = new java.util.ArrayList<>();
      for (Object o : replies) {
        if (o instanceof Frame f) {
          try {
            messages.add(io.shardgate.pgwire.message.BackendMessages.decode(f));
          } finally {
            f.release();
          }
        } else {
          messages.add((BackendMessage) o);
        }
      }
      return new RanOnNodes(error == null ? messages : List.of(), error);
    }
  }

  /**
   * A write on several nodes: to reference tables (every node, {@link EveryNodeRun}) or a key-less write on
   * several shards or a multi-row INSERT split by shard ({@link BroadcastRun}). It runs at Bind, inside the
   * client's transaction or one the router
   * opens and commits at the batch's Sync; the answer is kept in the portal for Describe and Execute.
   */
  private void ranOnNodes(Bind b, ClientStatement stmt, Frame frame, Route route) {
    TransactionState tx = session.tx;
    if (ranOnNodes != null) {
      RanOnNodes r = ranOnNodes;
      ranOnNodes = null;
      if (r.error() != null) {
        fail(r.error());
        return;
      }
      portals.put(b.portal(), Portal.ran(b.portal(), stmt, r.reply()));
      reply(BindComplete.INSTANCE);
      return;
    }
    if (conn != null) {
      leaveCurrentBackend(frame);
      return;
    }
    if (!tx.inTransaction()) {
      tx.beginImplicit(); // committed on every node, or on none, at the batch's Sync
    }
    waiting = frame.retain();
    Parse parse = new Parse("", stmt.sql(), stmt.parameterTypes());
    java.util.function.Consumer<RanOnNodes> resume = result -> resumeParked(() -> ranOnNodes = result);
    if (route instanceof Route.Broadcast broadcast) {
      var colo = session.router().topology().get().colo(broadcast.colo()).orElseThrow();
      List<Object> answer = new java.util.ArrayList<>();
      BroadcastRun.inTransaction(session, colo, broadcast.shards(), parse, b, answer::add,
          error -> resume.accept(RanOnNodes.of(answer, error == null ? null : error.toResponse(false)))).start();
      return;
    }
    if (route instanceof Route.Split split) {
      var colo = session.router().topology().get().colo(split.colo()).orElseThrow();
      List<Object> answer = new java.util.ArrayList<>();
      BroadcastRun.inTransaction(session, colo, split.sqlByShard(), stmt.parameterTypes(), b, answer::add,
          error -> resume.accept(RanOnNodes.of(answer, error == null ? null : error.toResponse(false)))).start();
      return;
    }
    List<Object> messages = List.of(parse, new Bind("", "", b.parameterFormats(), b.parameters(), b.resultFormats()),
        Describe.portal(""), new Execute("", 0), Sync.INSTANCE);
    new EveryNodeRun(session, stmt.sql(), messages, result -> resume.accept(RanOnNodes.of(result.reply(), result.error())))
        .start();
  }

  /** Whether a fan-out can start now: outside a transaction, with no backend batch open (else it is ended first). */
  private boolean readyForFanout(Frame frame) {
    if (session.tx.inTransaction() && !session.tx.implicit()) {
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
    if (!tx.participants().isEmpty()) {
      TransactionState.Participant p = route instanceof Route.Anywhere
          ? (conn != null && tx.isParticipant(conn) ? tx.participantOf(conn) : tx.any())
          : tx.participant(route.backend().node());
      if (p != null && (conn == null || conn == p.conn)) {
        conn = p.conn;
        conn.attach(this);
        String path = route instanceof Route.Anywhere ? null : p.switchTo(route.backend().schema());
        if (path != null) {
          conn.send(new Query(path));
          slots.add(ReplySlot.swallowQuery());
        }
        return true;
      }
    } else if (conn != null && (route instanceof Route.Anywhere || conn.key().equals(route.backend()))) {
      return true;
    }
    if (conn != null) {
      leaveCurrentBackend(frame);
      return false;
    }
    waitFor(frame, route.backend());
    return false;
  }

  /**
   * The batch goes on elsewhere: the current backend's part is finished first and {@code frame} waits for it.
   * Outside a transaction the batch's implicit transaction must span both backends: BEGIN sent into the first
   * one's implicit transaction keeps what ran so far in a block, committed with the rest at the client's Sync.
   * Inside a transaction block a Sync ends nothing: the backend stays a participant.
   */
  private void leaveCurrentBackend(Frame frame) {
    TransactionState tx = session.tx;
    if (!tx.inTransaction()) {
      tx.beginImplicit();
      tx.join(conn);
      conn.send(new Query("BEGIN"));
    } else {
      conn.send(Sync.INSTANCE);
    }
    slots.add(new ReplySlot(ReplySlot.Kind.SWALLOW, null, "Z", null, null));
    waitFor(frame, null);
  }

  /** Parks {@code frame}; acquires {@code key} (or, when null, waits for the current backend's Sync). */
  private void waitFor(Frame frame, BackendKey key) {
    waiting = frame.retain();
    if (key != null) {
      acquire(key);
    }
  }

  private void acquire(BackendKey key) {
    boolean inTransaction = session.tx.inTransaction();
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
        if (inTransaction && session.tx.inTransaction()) {
          c.send(new Query(session.tx.openingScript())); // BEGIN, savepoints, SET LOCAL: as on the other nodes
          slots.add(ReplySlot.swallowQuery());
          session.tx.join(c);
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
    fail(e.toResponse(false));
  }

  /** A node's error for the whole transaction (from every participant at once): the same as a router-side one. */
  private void fail(io.shardgate.pgwire.message.ErrorResponse e) {
    reply(e);
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
      boolean participant = session.tx.isParticipant(c);
      if (c.transactionStatus() == 'I') {
        if (participant) {
          session.tx.leave(c);
        }
        session.release(c);
      } else if (!participant) {
        session.tx.join(c);
      }
    }
    if (session.tx.implicit()) {
      awaitingSync = true;
      endImplicit();
      return;
    }
    if (!session.tx.inTransaction()) {
      portals.clear(); // portals live until the end of their transaction
    }
    session.ctx.writeAndFlush(new ReadyForQuery(session.tx.status()));
    session.ctx.executor().execute(session::drain);
  }

  /**
   * The Sync of a batch that spanned several backends: its implicit transaction commits on all of them (two-phase
   * when more than one wrote), or rolls back on all after an error; then ReadyForQuery.
   */
  private void endImplicit() {
    TransactionState tx = session.tx;
    boolean failed = tx.status() == 'E';
    List<BackendConnection> conns = tx.end();
    var coordinator = session.router().transactions();
    (failed ? coordinator.rollback(conns) : coordinator.commit(conns)).whenComplete((o, e) ->
        session.ctx.executor().execute(() -> {
          conns.forEach(session::release);
          awaitingSync = false;
          if (!session.ctx.channel().isActive()) {
            return;
          }
          if (e != null || o.error() != null) {
            session.ctx.write(e != null ? Errors.internal(e).toResponse(false) : o.error());
          }
          portals.clear();
          session.ctx.writeAndFlush(new ReadyForQuery(session.tx.status()));
          session.drain();
        }));
  }

  /** The part of the batch on the previous backend is done: release it and take the parked frame on. */
  private void switchDone() {
    BackendConnection c = conn;
    conn = null;
    if (c != null) {
      c.attach(null);
      if (!session.tx.isParticipant(c)) {
        session.release(c);
      }
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
    List<BackendConnection> others = session.tx.end();
    session.router().pool().close(c);
    others.stream().filter(o -> o != c).forEach(session::release); // rolled back by the pool
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
    if (c != null && !session.tx.isParticipant(c)) {
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
