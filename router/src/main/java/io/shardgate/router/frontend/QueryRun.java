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
import io.shardgate.router.planner.Planner;
import io.shardgate.router.planner.Route;
import io.shardgate.sql.analysis.Analysis;
import io.shardgate.sql.analysis.StatementKind;
import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.StatementText;
import java.util.List;
import java.util.Map;

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
  private boolean passthroughCopyIn;
  /** A session-level SET/RESET the current statement runs: recorded in the session when it succeeds. */
  private String settingToRecord;

  QueryRun(ClientSession session, String sql) {
    this.session = session;
    this.sql = sql;
  }

  void start() {
    statements = SqlLexer.splitStatements(sql).stream().map(StatementText::text).toList();
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
      String statement = statements.get(next++);
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
    if (tx.failedLocally()) {
      return inFailedTransaction(kind, statement);
    }
    settingToRecord = null;
    if (kind == StatementKind.SET || kind == StatementKind.RESET) {
      if (SessionSettings.classify(statement) == SessionSettings.Kind.SESSION) {
        settingToRecord = statement;
      }
    } else if (kind == StatementKind.DISCARD && !tx.inTransaction()
        && statement.strip().toLowerCase(java.util.Locale.ROOT).matches("(?s)discard\\s+all;?")) {
      session.settings.clear();
      return complete("DISCARD ALL");
    }
    if (kind == StatementKind.COPY && shardedCopy(statement)) {
      return true;
    }
    if (kind == StatementKind.DDL && distributedDdl(analysis, statement)) {
      return true;
    }
    if ((kind == StatementKind.LISTEN || kind == StatementKind.UNLISTEN) && !tx.inTransaction()) {
      listen(statement);
      return true;
    }
    if (tx.pinned() != null) {
      Route route = planInTransaction(analysis);
      BackendKey pinnedKey = tx.pinned().key();
      if (!(route instanceof Route.Anywhere) && !route.backend().equals(pinnedKey)) {
        throw Errors.crossShardTransaction(pinnedKey.toString(), route.backend().toString());
      }
      execute(tx.pinned(), true, null, statement);
      return true;
    }
    if (tx.hasDeferredBegin()) {
      switch (kind) {
        case COMMIT, ROLLBACK -> {
          tx.takePinned();
          return complete(kind == StatementKind.COMMIT ? "COMMIT" : "ROLLBACK");
        }
        case BEGIN -> {
          session.ctx.write(new NoticeResponse(Map.of('S', "WARNING", 'V', "WARNING", 'C', "25001",
              'M', "there is already a transaction in progress")));
          return complete("BEGIN");
        }
        case SAVEPOINT, RELEASE, ROLLBACK_TO -> {
          tx.defer(statement);
          return complete(kind == StatementKind.ROLLBACK_TO ? "ROLLBACK" : kind.name());
        }
        default -> { }
      }
      Route route = planInTransaction(analysis);
      if (route instanceof Route.Anywhere) {
        acquireAndRun(route.backend(), false, null, statement);
      } else {
        acquireAndRun(route.backend(), true, tx.deferredScript(), statement);
      }
      return true;
    }
    if (kind == StatementKind.BEGIN) {
      tx.begin(statement);
      return complete("BEGIN");
    }
    Route route = Planner.plan(analysis, session.router().topology().get());
    if (route instanceof Route.Scatter scatter) {
      fanout(scatter, statement);
      return true;
    }
    acquireAndRun(route.backend(), false, null, statement);
    return true;
  }

  /** Plans a statement of an open transaction, which cannot fan out (yet). */
  private Route planInTransaction(Analysis analysis) {
    Route route = Planner.plan(analysis, session.router().topology().get());
    if (route instanceof Route.Scatter) {
      throw Errors.fanoutHere("inside a transaction yet");
    }
    return route;
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
    if (session.tx.inTransaction()) {
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
    var plan = FanoutPlans.plan(statement, colo.shards().size());
    fanout = new FanoutRun(session, colo, plan, error -> {
      fanout = null;
      if (error != null) {
        session.sendError(error);
        failed = true;
      }
      session.ctx.flush();
      nextStatement();
    });
    fanout.start();
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
    if (session.tx.inTransaction()) {
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
        BackendConnection pinned = tx.takePinned();
        if (pinned == null) {
          return complete("ROLLBACK");
        }
        execute(pinned, false, null, "ROLLBACK");
        return true;
      }
      case ROLLBACK_TO -> {
        tx.clearLocalFailure();
        if (tx.pinned() == null) {
          tx.defer(statement);
          return complete("ROLLBACK");
        }
        execute(tx.pinned(), true, null, statement);
        return true;
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
        session.tx.pin(c);
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
    TransactionState tx = session.tx;
    if (session.listener() != null && session.listener().conn == c) {
      session.listener().idle(); // the LISTEN connection stays with the session
      session.ctx.flush();
      nextStatement();
      return;
    }
    if (c.transactionStatus() == 'I') {
      // autocommit statement, or COMMIT/ROLLBACK ended the transaction
      if (tx.pinned() == c) {
        tx.takePinned();
      }
      session.release(c);
    } else if (tx.pinned() == null) {
      tx.pin(c); // a statement opened a transaction by itself
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
    if (inTransaction) {
      session.tx.takePinned();
    }
    session.router().pool().close(c);
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
    if (copyIn != null) {
      copyIn.abandon();
    }
    if (copyOut != null) {
      copyOut.abandon();
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
