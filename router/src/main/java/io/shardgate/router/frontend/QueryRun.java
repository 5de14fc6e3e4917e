package io.shardgate.router.frontend;

import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.EmptyQueryResponse;
import io.shardgate.pgwire.message.NoticeResponse;
import io.shardgate.pgwire.message.Query;
import io.shardgate.pgwire.message.ReadyForQuery;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.backend.FrameSink;
import io.shardgate.router.copy.CopyStatement;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.router.planner.BoundParameters;
import io.shardgate.router.planner.Planner;
import io.shardgate.router.planner.Route;
import io.shardgate.sql.analysis.Analysis;
import io.shardgate.sql.analysis.StatementKind;
import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.StatementText;
import io.shardgate.pgwire.message.ErrorResponse;
import io.shardgate.router.tx.CommitCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One simple-protocol Query: its statements run one after another, each on the backend its route
 * names (or the one the transaction is pinned to). Replies are streamed to the client as raw
 * frames; the intermediate ReadyForQuery messages are dropped and one is sent at the end. An error
 * stops the remaining statements, as in PostgreSQL.
 */
final class QueryRun implements FrameSink {
  private final ClientSession session;
  private final String sql;
  private List<String> statements;
  private int next;
  private boolean failed;
  private boolean done;
  /** The backend running the current statement; null between statements. */
  private BackendConnection conn;
  /** Whether {@link #conn} belongs to the transaction (stays pinned) rather than to this statement. */
  private boolean pinnedForTransaction;
  /** Replies to drop (deferred BEGIN replayed before the statement); errors among them still reach the client. */
  private int silentReplies;
  /** A COPY into or out of a sharded table in progress, or a plain COPY FROM STDIN on one backend. */
  private ShardedCopyIn copyIn;
  private ShardedCopyOut copyOut;
  private FanoutRun fanout;
  private BroadcastRun broadcast;
  private boolean passthroughCopyIn;
  /** A session-level SET/RESET the current statement runs: recorded in the session when it succeeds. */
  private String settingToRecord;
  /** A SAVEPOINT, RELEASE, ROLLBACK TO or SET LOCAL passed through: recorded for later participants when it succeeds. */
  private String openingToRecord;
  private EveryNodeRun everyNodeRun;
  /** The router opened a transaction around the current statement alone (a reference-table write). */
  private boolean implicitAroundStatement;

  QueryRun(ClientSession session, String sql) {
    this.session = session;
    this.sql = sql;
  }

  void start() {
    statements = SqlLexer.splitStatements(sql).stream().map(StatementText::text).toList();
    if (statements.size() > 1 && !session.tx.inTransaction()) {
      // As in PostgreSQL, the statements of one Query string are one transaction unless they say otherwise.
      session.tx.beginImplicit();
    }
    if (statements.isEmpty()) {
      session.ctx.write(EmptyQueryResponse.INSTANCE);
      finish();
      return;
    }
    nextStatement();
  }

  private void nextStatement() {
    while (!done) {
      if (failed || next >= statements.size()) {
        finish();
        return;
      }
      String statement = session.router().shardedViews().constraints.rewrite(statements.get(next++));
      try {
        if (runStatement(statement)) {
          return; // a backend is working on it; onFrame continues
        }
      } catch (SqlError e) {
        session.sendError(e);
        session.tx.failLocally();
        failed = true;
      }
    }
  }

  /** Runs or answers one statement; returns true when the answer comes asynchronously from a backend. */
  private boolean runStatement(String statement) {
    TransactionState tx = session.tx;
    var explain = ExplainRoute.inner(statement);
    if (explain.isPresent()) {
      ExplainRoute.answer(session, explain.get());
      return false;
    }
    Analysis analysis = session.analyze(statement);
    StatementKind kind = analysis.kind();
    if (tx.status() == 'E') {
      return inFailedTransaction(kind, statement);
    }
    settingToRecord = null;
    openingToRecord = null;
    boolean transactionScoped = false;
    if (kind == StatementKind.SET || kind == StatementKind.RESET) {
      if (SessionSettings.classify(statement) == SessionSettings.Kind.SESSION) {
        settingToRecord = statement;
      } else {
        transactionScoped = true;
      }
    } else if (kind == StatementKind.DISCARD && !tx.inTransaction()
        && statement.strip().toLowerCase(java.util.Locale.ROOT).matches("(?s)discard\\s+all;?")) {
      session.settings.clear();
      return complete("DISCARD ALL");
    }
    if (kind == StatementKind.COPY && shardedCopy(statement)) {
      return true;
    }
    if ((kind == StatementKind.DDL || Planner.runsOnEveryNode(analysis)) && distributedDdl(analysis, statement)) {
      return true;
    }
    boolean explicit = tx.inTransaction() && !tx.implicit();
    if ((kind == StatementKind.LISTEN || kind == StatementKind.UNLISTEN) && !explicit) {
      listen(statement);
      return true;
    }
    if (tx.inTransaction()) {
      switch (kind) {
        case BEGIN -> {
          if (tx.implicit()) {
            tx.makeExplicit(statement); // BEGIN inside a multi-statement string: a block up to its COMMIT
            return complete("BEGIN");
          }
          session.ctx.write(new NoticeResponse(Map.of('S', "WARNING", 'V', "WARNING", 'C', "25001",
              'M', "there is already a transaction in progress")));
          return complete("BEGIN");
        }
        case COMMIT, ROLLBACK -> {
          return endTransaction(kind, statement);
        }
        case SAVEPOINT, RELEASE, ROLLBACK_TO -> {
          return transactionControl(statement, kind == StatementKind.ROLLBACK_TO ? "ROLLBACK" : kind.name());
        }
        default -> {
          if (transactionScoped) {
            return transactionControl(statement, kind == StatementKind.RESET ? "RESET" : "SET");
          }
        }
      }
      return inTransaction(analysis, statement);
    }
    if (kind == StatementKind.BEGIN) {
      tx.begin(statement);
      return complete("BEGIN");
    }
    Route route = Planner.plan(analysis, session.router().topology().get(), BoundParameters.NONE, statement);
    if (route instanceof Route.Scatter scatter) {
      fanout(scatter, statement);
      return true;
    }
    if (route instanceof Route.EveryNode) {
      if (Planner.isLockTable(analysis)) {
        throw new SqlError("25P01", "LOCK TABLE can only be used in transaction blocks", null, null);
      }
      tx.beginImplicit(); // the write commits on every node or on none
      implicitAroundStatement = true;
      everyNode(statement);
      return true;
    }
    if (route instanceof Route.Broadcast || route instanceof Route.Split) {
      tx.beginImplicit(); // every shard's part commits, or none
      implicitAroundStatement = true;
      broadcast(route, statement);
      return true;
    }
    acquireAndRun(route.backend(), false, null, statement);
    return true;
  }

  /** A routed statement inside a transaction: on its node's participant, which joins the transaction first if new. */
  private boolean inTransaction(Analysis analysis, String statement) {
    TransactionState tx = session.tx;
    Route route = Planner.plan(analysis, session.router().topology().get(), BoundParameters.NONE, statement);
    if (route instanceof Route.Scatter scatter) {
      if (!tx.implicit()) {
        throw Errors.fanoutHere("inside a transaction yet");
      }
      fanout(scatter, statement); // in a multi-statement string: read outside its implicit transaction
      return true;
    }
    if (route instanceof Route.Broadcast || route instanceof Route.Split) {
      broadcast(route, statement); // each node's shards on its participant, committed with the transaction
      return true;
    }
    if (route instanceof Route.EveryNode) {
      everyNode(statement);
      return true;
    }
    if (route instanceof Route.Anywhere || (route instanceof Route.Home && referenceOnly(analysis))) {
      // No table, or only reference tables (a copy on every node): the transaction's own backend answers.
      TransactionState.Participant any = tx.any();
      if (any == null) {
        acquireAndRun(route.backend(), false, null, statement);
      } else {
        execute(any.conn, true, null, statement);
      }
      return true;
    }
    TransactionState.Participant p = tx.participant(route.backend().node());
    if (p == null) {
      acquireAndRun(route.backend(), true, tx.openingScript(), statement);
    } else {
      execute(p.conn, true, p.switchTo(route.backend().schema()), statement);
    }
    return true;
  }

  private boolean referenceOnly(Analysis analysis) {
    var topology = session.router().topology().get();
    return !analysis.tables().isEmpty() && analysis.tables().stream()
        .allMatch(t -> (t.schema() == null || "public".equals(t.schema())) && topology.isReferenceTable(t.name()));
  }

  /**
   * SAVEPOINT, RELEASE, ROLLBACK TO, SET LOCAL, SET TRANSACTION: recorded for participants that join later,
   * and run on every participant now (passed through when there is only one).
   */
  private boolean transactionControl(String statement, String tag) {
    TransactionState tx = session.tx;
    boolean rollbackTo = "ROLLBACK".equals(tag);
    List<BackendConnection> conns = tx.connections();
    if (conns.isEmpty()) {
      tx.defer(statement);
      return complete(tag);
    }
    if (rollbackTo) {
      tx.forgetSchemas();
    }
    if (conns.size() == 1) {
      openingToRecord = statement;
      execute(conns.get(0), true, null, statement);
      return true;
    }
    session.router().transactions().onEveryParticipant(conns, statement, tag).whenComplete((o, e) ->
        session.ctx.executor().execute(() -> {
      if (done) {
        return;
      }
      ErrorResponse error = e != null ? Errors.internal(e).toResponse(false) : o.error();
      if (error != null) {
        session.ctx.write(error);
        tx.failLocally();
        failed = true;
      } else {
        tx.defer(statement);
        session.ctx.write(new CommandComplete(tag));
      }
      session.ctx.flush();
      nextStatement();
    }));
    return true;
  }

  /**
   * COMMIT or ROLLBACK: nothing to do without participants; passed through to a single one (no extra cost);
   * across several nodes the commit coordinator ends them all at once (two-phase when more than one wrote).
   */
  private boolean endTransaction(StatementKind kind, String statement) {
    TransactionState tx = session.tx;
    List<BackendConnection> conns = tx.connections();
    if (conns.isEmpty()) {
      tx.end();
      return complete(kind == StatementKind.COMMIT ? "COMMIT" : "ROLLBACK");
    }
    if (conns.size() == 1) {
      execute(conns.get(0), true, null, statement);
      return true;
    }
    tx.end(); // the coordinator owns the connections until it is done, even if the client goes away
    var coordinator = session.router().transactions();
    coordinate(conns, kind == StatementKind.COMMIT ? coordinator.commit(conns) : coordinator.rollback(conns));
    return true;
  }

  /** Reports the end of a multi-node transaction and gives its connections back. */
  private void coordinate(List<BackendConnection> conns, CompletableFuture<CommitCoordinator.Outcome> outcome) {
    outcome.whenComplete((o, e) -> session.ctx.executor().execute(() -> {
      conns.forEach(session::release); // any still in a transaction is rolled back by the pool
      if (done) {
        return;
      }
      if (e != null) {
        session.sendError(Errors.internal(e));
        failed = true;
      } else if (o.error() != null) {
        session.ctx.write(o.error());
        failed = true;
      } else if (o.tag() != null) {
        session.ctx.write(new CommandComplete(o.tag()));
      }
      session.ctx.flush();
      nextStatement();
    }));
  }

  /** A reference-table write: on every node's participant (joining those that are missing), then, when the
   *  router opened the transaction itself, committed on all nodes or none. */
  private void everyNode(String statement) {
    everyNodeRun = EveryNodeRun.query(session, statement, result -> {
      if (done) {
        result.reply().forEach(Frame::release);
        return;
      }
      result.reply().forEach(session.ctx::write);
      writeOnNodesDone(result.error());
    });
    everyNodeRun.start();
  }

  private void writeOnNodesDone(ErrorResponse error) {
    everyNodeRun = null;
    TransactionState tx = session.tx;
    if (error != null) {
      session.ctx.write(error);
      failed = true;
      tx.failLocally();
    }
    if (implicitAroundStatement) {
      implicitAroundStatement = false;
      List<BackendConnection> conns = tx.end();
      var coordinator = session.router().transactions();
      if (error != null) {
        coordinate(conns, coordinator.rollback(conns).thenApply(o -> new CommitCoordinator.Outcome(null, null)));
      } else {
        coordinateImplicit(conns, coordinator.commit(conns));
      }
      return;
    }
    session.ctx.flush();
    nextStatement();
  }

  /** The commit of a transaction the router opened around one statement: only an error is reported. */
  private void coordinateImplicit(List<BackendConnection> conns, CompletableFuture<CommitCoordinator.Outcome> outcome) {
    outcome.whenComplete((o, e) -> session.ctx.executor().execute(() -> {
      conns.forEach(session::release);
      if (done) {
        return;
      }
      if (e != null || o.error() != null) {
        session.ctx.write(e != null ? Errors.internal(e).toResponse(false) : o.error());
        failed = true;
      }
      session.ctx.flush();
      nextStatement();
    }));
  }

  /** DDL naming a colo or reference table runs on every node and refreshes the shard views; false for other DDL. */
  private boolean distributedDdl(Analysis analysis, String statement) {
    var topology = session.router().topology().get();
    String table = null;
    for (var t : analysis.tables()) {
      boolean ours = t.schema() == null || "public".equals(t.schema());
      if (ours && (topology.coloOfTable(t.name()).isPresent() || topology.isReferenceTable(t.name()))) {
        table = t.name();
        break;
      }
    }
    if (table == null) {
      return false;
    }
    if (session.tx.inTransaction() && !session.tx.implicit()) {
      throw new SqlError(Errors.FEATURE_NOT_SUPPORTED, "DDL on sharded or reference table \"" + table
          + "\" inside a transaction block is not supported", "It runs on every node in transactions of its own.",
          "Run the DDL outside BEGIN ... COMMIT.");
    }
    DdlRun.run(topology, table, statement, (tag, error) -> {
      session.router().shardedViews().refresh(); // a view over a sharded table may have come or gone
      session.ctx.executor().execute(() -> {
      if (done) {
        return;
      }
      if (error != null) {
        session.sendError(error);
        failed = true;
      } else {
        session.ctx.write(tag);
      }
      session.ctx.flush();
      nextStatement();
      });
    });
    return true;
  }

  /** LISTEN / UNLISTEN run on the session's own home-node connection, which then forwards notifications. */
  private void listen(String statement) {
    NotificationListener l = session.listener();
    if (l != null && l.conn.isUsable()) {
      execute(l.conn, true, null, statement);
      return;
    }
    BackendKey home = new BackendKey(session.router().topology().get().home(), null);
    session.router().pool().acquire(home).whenComplete((c, error) -> session.ctx.executor().execute(() -> {
      if (done) {
        if (c != null) {
          session.router().pool().release(c);
        }
        return;
      }
      if (error != null) {
        session.sendError(Errors.acquireFailed(home.node(), error));
        failed = true;
        nextStatement();
        return;
      }
      session.listener(new NotificationListener(session, c));
      execute(c, true, null, statement);
    }));
  }

  /** Runs a key-less SELECT on every shard of its colo and merges the answers. */
  private void fanout(Route.Scatter scatter, String statement) {
    var colo = session.router().topology().get().colo(scatter.colo()).orElseThrow();
    var plan = FanoutPlans.plan(statement, colo);
    fanout = new FanoutRun(session, colo, plan, error -> {
      fanout = null;
      if (error != null) {
        session.sendError(error);
        failed = true;
      }
      session.ctx.flush();
      nextStatement();
    });
    String lower = statement.toLowerCase(java.util.Locale.ROOT);
    if ((lower.contains("string_agg") || lower.contains("array_agg")) && lower.contains("group")) {
      // The shards run it without GROUP BY: PostgreSQL checks the original against the base table (whose primary
      // key makes columns functionally dependent, as on one database), in a transaction that resets the path.
      fanout.validateFirst("BEGIN;\n" + TransactionState.Participant.searchPath(null) + ";\nEXPLAIN " + statement
          + "\n;\nCOMMIT");
    }
    fanout.start();
  }

  /**
   * Runs a write on every shard it may touch (BroadcastRun), as one statement of the transaction: a broadcast runs
   * {@code statement} on each shard, a split INSERT each shard's own rows.
   */
  private void broadcast(Route route, String statement) {
    java.util.function.Consumer<SqlError> finish = error -> {
      broadcast = null;
      if (done) {
        return;
      }
      writeOnNodesDone(error == null ? null : error.toResponse(false));
    };
    if (route instanceof Route.Split split) {
      var colo = session.router().topology().get().colo(split.colo()).orElseThrow();
      broadcast = BroadcastRun.inTransaction(session, colo, split.sqlByShard(), finish);
    } else {
      Route.Broadcast b = (Route.Broadcast) route;
      var colo = session.router().topology().get().colo(b.colo()).orElseThrow();
      broadcast = BroadcastRun.inTransaction(session, colo, b.shards(), statement, finish);
    }
    broadcast.start();
  }

  /** Starts a COPY FROM STDIN / TO STDOUT of a sharded table; false when the COPY is routed like any statement. */
  private boolean shardedCopy(String statement) {
    CopyStatement copy = CopyStatement.parse(statement);
    var topology = session.router().topology().get();
    if (copy.query() || copy.schema() != null || !(copy.fromStdin() || copy.toStdout())) {
      return false;
    }
    var colo = topology.coloOfTable(copy.table());
    if (colo.isEmpty()) {
      return false;
    }
    if (session.tx.inTransaction() && !session.tx.implicit()) {
      throw new SqlError(Errors.FEATURE_NOT_SUPPORTED, "COPY of sharded table \"" + copy.table()
          + "\" inside a transaction block is not supported yet", "It would need a transaction on every shard.",
          "Run the COPY outside BEGIN ... COMMIT.");
    }
    if (copy.fromStdin()) {
      copyIn = new ShardedCopyIn(session, this, statement, copy, colo.get(), topology);
      copyIn.start();
    } else {
      copyOut = new ShardedCopyOut(session, this, statement, copy, colo.get());
      copyOut.start();
    }
    return true;
  }

  /** One of the client's CopyData/CopyDone/CopyFail messages while this query runs; releases it. */
  void copyFrame(Frame frame) {
    if (copyIn != null) {
      copyIn.copyFrame(frame);
    } else if (passthroughCopyIn && conn != null) {
      conn.send(frame);
    } else {
      frame.release(); // outside COPY, or after the COPY failed: dropped, as PostgreSQL does
    }
  }

  /** A sharded COPY ended: report its error or its command tag, then go on with the next statement. */
  void copyFinished(SqlError error, CommandComplete done) {
    copyIn = null;
    copyOut = null;
    if (done != null) {
      session.ctx.write(done);
    }
    if (error != null) {
      session.sendError(error);
    }
    if (error != null || done == null) {
      failed = true;
    }
    session.ctx.flush();
    nextStatement();
  }

  private boolean inFailedTransaction(StatementKind kind, String statement) {
    TransactionState tx = session.tx;
    switch (kind) {
      case COMMIT, ROLLBACK -> {
        List<BackendConnection> conns = tx.end();
        if (conns.isEmpty()) {
          return complete("ROLLBACK");
        }
        if (conns.size() == 1) {
          execute(conns.get(0), false, null, "ROLLBACK");
          return true;
        }
        coordinate(conns, session.router().transactions().rollback(conns));
        return true;
      }
      case ROLLBACK_TO -> {
        tx.clearLocalFailure();
        return transactionControl(statement, "ROLLBACK");
      }
      default -> throw Errors.inFailedTransaction();
    }
  }

  private boolean complete(String tag) {
    session.ctx.write(new CommandComplete(tag));
    return false;
  }

  private void acquireAndRun(BackendKey key, boolean pin, String prelude, String statement) {
    session.acquire(key).whenComplete((c, error) -> session.ctx.executor().execute(() -> {
      if (done) {
        if (c != null) {
          session.release(c);
        }
        return;
      }
      if (error != null) {
        session.sendError(Errors.acquireFailed(key.node(), error));
        session.tx.failLocally();
        failed = true;
        nextStatement();
        return;
      }
      if (pin) {
        session.tx.join(c);
      }
      execute(c, pin, prelude, statement);
    }));
  }

  private void execute(BackendConnection c, boolean pinned, String prelude, String statement) {
    conn = c;
    pinnedForTransaction = pinned;
    c.attach(this);
    silentReplies = 0;
    String wanted = session.settings.script();
    String settingsPrelude = c.transactionStatus() == 'I' ? SessionSettings.prelude(c.appliedSettings(), wanted) : null;
    if (settingsPrelude != null) {
      silentReplies++;
      c.send(new Query(settingsPrelude));
      c.appliedSettings(wanted);
    }
    if (prelude != null) {
      silentReplies++;
      c.send(new Query(prelude));
    }
    c.send(new Query(statement));
  }

  @Override
  public void onFrame(Frame frame) {
    if (!session.ctx.executor().inEventLoop()) {
      session.ctx.executor().execute(() -> onFrame(frame));
      return;
    }
    if (done || conn == null) {
      frame.release();
      return;
    }
    byte type = frame.type();
    if (type == 'Z') {
      frame.release();
      if (silentReplies > 0) {
        silentReplies--;
        return;
      }
      statementDone();
      return;
    }
    if (type == 'G') {
      passthroughCopyIn = true;
    } else if (type == 'C') {
      passthroughCopyIn = false;
    }
    if (type == 'E') {
      failed = true;
      passthroughCopyIn = false;
    } else if (silentReplies > 0) {
      frame.release();
      return;
    }
    session.ctx.write(frame);
    if (!session.ctx.channel().isWritable()) {
      conn.setReading(false);
    }
  }

  private void statementDone() {
    BackendConnection c = conn;
    conn = null;
    c.attach(null);
    c.setReading(true);
    if (settingToRecord != null && !failed) {
      try {
        session.settings.record(settingToRecord);
        c.appliedSettings(session.settings.script());
      } catch (SqlError e) {
        session.sendError(e);
        failed = true;
      }
    }
    settingToRecord = null;
    if (openingToRecord != null && !failed) {
      session.tx.defer(openingToRecord);
    }
    openingToRecord = null;
    TransactionState tx = session.tx;
    if (session.listener() != null && session.listener().conn == c) {
      session.listener().idle(); // the LISTEN connection stays with the session
      session.ctx.flush();
      nextStatement();
      return;
    }
    boolean participant = tx.isParticipant(c);
    if (c.transactionStatus() == 'I') {
      // autocommit statement, or COMMIT/ROLLBACK ended the transaction on its only backend
      if (participant) {
        tx.leave(c);
      }
      session.release(c);
    } else if (!participant) {
      tx.join(c); // a statement opened a transaction by itself
    }
    // No flush here: the last statement's ReadyForQuery (finish) flushes its replies with it in one write, as
    // PostgreSQL does; a statement on another backend flushes them when that backend's reads complete.
    nextStatement();
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
    if (done || conn == null) {
      return;
    }
    BackendConnection c = conn;
    conn = null;
    boolean inTransaction = pinnedForTransaction;
    List<BackendConnection> others = inTransaction ? session.tx.end() : List.of();
    session.router().pool().close(c);
    others.stream().filter(o -> o != c).forEach(session::release); // rolled back by the pool
    session.sendError(Errors.nodeUnavailable(c.key().node(), ClientSession.rootMessage(cause)));
    if (inTransaction) {
      // The transaction is gone with the node connection; PostgreSQL would end this session too.
      done = true;
      session.ctx.writeAndFlush(new ReadyForQuery('I')).addListener(f -> session.ctx.close());
      return;
    }
    failed = true;
    nextStatement();
  }

  private void finish() {
    if (done) {
      return;
    }
    TransactionState tx = session.tx;
    if (tx.implicit()) {
      // the end of a multi-statement string: its implicit transaction commits, or rolls back after an error
      List<BackendConnection> conns = tx.end();
      if (!conns.isEmpty()) {
        var coordinator = session.router().transactions();
        coordinateImplicit(conns, failed ? coordinator.rollback(conns) : coordinator.commit(conns));
        return; // comes back here with the transaction ended
      }
    }
    done = true;
    session.ctx.writeAndFlush(new ReadyForQuery(session.tx.status()));
    session.queryFinished();
  }

  /** The client's socket drained (or filled): resume (or pause) reading from the backend. */
  void clientWritable(boolean writable) {
    if (copyOut != null) {
      copyOut.clientWritable(writable);
    }
    BackendConnection c = conn;
    if (c != null) {
      c.setReading(writable);
    }
  }

  /** Sends a cancel request for the running statement to its node. */
  void cancel() {
    if (fanout != null) {
      fanout.cancel();
    }
    if (broadcast != null) {
      broadcast.cancel();
    }
    BackendConnection c = conn;
    if (c != null && c.keyData() != null) {
      CancelSender.send(session.router().topology().get().node(c.key().node()), c.keyData());
    }
  }

  /** The client went away: the backend (if any) is drained, rolled back and pooled again. */
  void abandon() {
    done = true;
    if (fanout != null) {
      fanout.abandon();
    }
    if (broadcast != null) {
      broadcast.abandon();
    }
    if (copyIn != null) {
      copyIn.abandon();
    }
    if (copyOut != null) {
      copyOut.abandon();
    }
    if (everyNodeRun != null) {
      everyNodeRun.abandon();
    }
    BackendConnection c = conn;
    conn = null;
    if (c != null && passthroughCopyIn) {
      c.send(new io.shardgate.pgwire.message.CopyFail("client disconnected during COPY"));
    }
    if (c != null && !pinnedForTransaction) {
      session.release(c);
    }
  }
}
