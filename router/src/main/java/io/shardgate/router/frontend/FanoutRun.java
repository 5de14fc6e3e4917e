package io.shardgate.router.frontend;

import io.shardgate.engine.EngineException;
import io.shardgate.router.fanout.FanoutPlan;
import io.shardgate.router.fanout.ResultFormats;
import io.shardgate.engine.QueueRowStream;
import io.shardgate.engine.RowStream;
import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.ErrorResponse;
import io.shardgate.pgwire.message.Query;
import io.shardgate.pgwire.message.RowDescription;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.backend.FrameSink;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs one key-less SELECT on every shard of a colo and merges the shards' rows through the
 * scatter-gather operator tree. Shards stream into bounded queues (a full queue pauses reading from
 * that shard); the merge pulls from them on a merge thread, since pulling blocks, and writes the
 * merged rows to the client. Any shard's error ends the statement with that error and no partial
 * result is reported as complete.
 */
final class FanoutRun {
  private static final int QUEUE_ROWS = 1024;
  private static final ExecutorService MERGE = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "shardgate-merge");
    t.setDaemon(true);
    return t;
  });

  private final ClientSession session;
  private final Colo colo;
  private final FanoutPlan plan;
  private final Consumer<SqlError> done;
  private final List<ShardFeed> feeds = new ArrayList<>();

  private final List<Object> shardMessages;
  private final ResultFormats formats;
  private final boolean sendDescription;
  /** A statement the first shard plans (EXPLAIN) before its part, for errors the shard SQL cannot raise. */
  private String validation;
  /** The run's time limit ({@code limits.fanout_timeout}), when one is set. */
  private java.util.concurrent.ScheduledFuture<?> timeout;
  private Runnable onSuspended = () -> { };
  /** A message the client gets just before the merged result (a deferred BindComplete), or null. */
  private volatile io.shardgate.pgwire.message.BackendMessage beforeOutput;
  /** The merged result, open between the Executes of a suspended portal (touched by one merge task at a time). */
  private RowStream merged;
  private List<RowStream> streams;

  /** A simple-protocol run: every shard gets the plan's SQL as a Query; the client gets a whole result in text. */
  FanoutRun(ClientSession session, Colo colo, FanoutPlan plan, Consumer<SqlError> done) {
    this(session, colo, plan, List.of(new Query(plan.shardSql())), ResultFormats.TEXT, true, done);
  }

  /**
   * A run that sends {@code shardMessages} to every shard (they must end with one ReadyForQuery and produce one
   * RowDescription before the rows), converts the merged rows to the client's {@code formats}, and writes the
   * RowDescription first only when {@code sendDescription}.
   */
  FanoutRun(ClientSession session, Colo colo, FanoutPlan plan, List<Object> shardMessages, ResultFormats formats,
            boolean sendDescription, Consumer<SqlError> done) {
    this.session = session;
    this.colo = colo;
    this.plan = plan;
    this.shardMessages = List.copyOf(shardMessages);
    this.formats = formats;
    this.sendDescription = sendDescription;
    this.done = done;
  }

  void start() {
    start(0, () -> { });
  }

  /**
   * Starts every shard and merges up to {@code maxRows} rows (0: all); when the limit stops it, the client gets
   * PortalSuspended, {@code suspended} runs on the event loop, and {@link #resume} or {@link #close} follows.
   */
  void start(int maxRows, Runnable suspended) {
    this.onSuspended = suspended;
    List<RowStream> inputs = new ArrayList<>();
    for (Shard shard : colo.shards()) {
      ShardFeed feed = new ShardFeed(shard);
      feeds.add(feed);
      inputs.add(feed.stream);
    }
    this.streams = inputs;
    java.time.Duration limit = session.router().settings().limits().fanoutTimeout();
    if (!limit.isZero()) {
      timeout = session.ctx.executor().schedule(() -> timedOut(limit), limit.toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    for (ShardFeed feed : feeds) {
      session.acquire(new BackendKey(feed.shard.node(), feed.shard.schemaName())).whenComplete((c, error) ->
          session.ctx.executor().execute(() -> feed.connected(c, error)));
    }
    MERGE.execute(() -> pump(maxRows));
  }

  /** The run took longer than {@code limits.fanout_timeout}: every shard is cancelled and the client gets 57014. */
  private void timedOut(java.time.Duration limit) {
    SqlError error = Errors.fanoutTimeout(colo.name(), colo.shards().size(), limit);
    cancel();
    for (ShardFeed feed : feeds) {
      feed.stream.fail(new ShardError(error));
    }
  }

  /**
   * Has the first shard plan {@code sql} (e.g. {@code EXPLAIN <the client's statement>}) first: when the shards run
   * a rewritten statement (string_agg / array_agg from raw rows, without GROUP BY), PostgreSQL's own check of the
   * original (42803, a column neither grouped nor aggregated) still happens, and fails the run.
   */
  void validateFirst(String sql) {
    this.validation = sql;
  }

  /** Sends {@code message} to the client just before the merged result (not when the run fails before it). */
  void beforeOutput(io.shardgate.pgwire.message.BackendMessage message) {
    this.beforeOutput = message;
  }

  /** Whether any shard accepted the parameters (BindComplete): a failure is then not a Bind error. */
  boolean anyShardBound() {
    return feeds.stream().anyMatch(f -> f.bound);
  }

  /** Continues a suspended run for up to {@code maxRows} more rows (0: all). */
  void resume(int maxRows) {
    MERGE.execute(() -> pump(maxRows));
  }

  /** Drops a suspended run (its portal was closed): stops the shards and gives their connections back. */
  void close() {
    RowStream m = merged;
    merged = null;
    if (m != null) {
      m.close();
    } else if (streams != null) {
      streams.forEach(RowStream::close);
    }
    for (ShardFeed feed : feeds) {
      feed.finish(true);
    }
  }

  private void pump(int maxRows) {
    long rows = 0;
    SqlError failure = null;
    try {
      if (merged == null) {
        RowStream opened = plan.open(streams);
        try {
          merged = formats.apply(opened);
        } catch (RuntimeException e) {
          opened.close();
          throw e;
        }
        if (beforeOutput != null) {
          session.ctx.write(beforeOutput);
          beforeOutput = null;
        }
        if (sendDescription) {
          session.ctx.write(merged.description());
        }
      }
      DataRow row;
      while ((maxRows <= 0 || rows < maxRows) && (row = merged.next()) != null) {
        session.ctx.write(row);
        rows++;
        if ((rows & 255) == 0) {
          session.ctx.flush();
          awaitWritable();
        }
      }
      if (maxRows > 0 && rows >= maxRows) {
        session.ctx.write(io.shardgate.pgwire.message.PortalSuspended.INSTANCE);
        session.ctx.executor().execute(onSuspended);
        return;
      }
      session.ctx.write(new CommandComplete("SELECT " + rows));
    } catch (ShardError e) {
      failure = e.error;
    } catch (SqlError e) {
      failure = e;
    } catch (EngineException e) {
      failure = Errors.fromEngine(e);
    } catch (RuntimeException e) {
      failure = Errors.internal(e);
    }
    RowStream m = merged;
    merged = null;
    if (m != null) {
      m.close();
    }
    SqlError result = failure;
    session.ctx.executor().execute(() -> {
      if (timeout != null) {
        timeout.cancel(false);
      }
      for (ShardFeed feed : feeds) {
        feed.finish(result != null);
      }
      done.accept(result);
    });
  }

  private void awaitWritable() {
    while (session.ctx.channel().isActive() && !session.ctx.channel().isWritable()) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The client went away: stop every shard. */
  void abandon() {
    for (ShardFeed feed : feeds) {
      feed.stream.fail(new ShardError(Errors.nodeUnavailable(feed.shard.node(), "client disconnected")));
    }
  }

  /** Cancels every shard's statement. */
  void cancel() {
    for (ShardFeed feed : feeds) {
      BackendConnection c = feed.conn;
      if (c != null && c.keyData() != null && !feed.ended) {
        feed.cancelSent = true;
        CancelSender.send(session.router().topology().get().node(c.key().node()), c.keyData());
      }
    }
  }

  /** A shard's error carried through the merge to the client; the node's fields are kept. */
  private static final class ShardError extends RuntimeException {
    final SqlError error;

    ShardError(SqlError error) {
      super(error.getMessage(), null, false, false);
      this.error = error;
    }
  }

  /** One shard's backend feeding its queue. */
  private final class ShardFeed implements FrameSink {
    final Shard shard;
    final QueueRowStream stream;
    final ArrayDeque<DataRow> overflow = new ArrayDeque<>();
    BackendConnection conn;
    boolean ended;
    /** ReadyForQuery replies still due to the session-settings prelude (its other replies are dropped). */
    int settingsReplies;
    volatile boolean bound;
    /** The shard's result ended while rows still waited in {@link #overflow}. */
    boolean completeAfterOverflow;
    /**
     * A cancel request went to the node, and whether the statement died of it (57014). A cancel still in flight
     * would hit the connection's next statement, so such a connection is closed, not pooled.
     */
    volatile boolean cancelSent;
    boolean cancelSeen;
    /** This shard already reported an error (later ones, e.g. 25P02 after a failed prelude, are dropped). */
    boolean failedHere;

    ShardFeed(Shard shard) {
      this.shard = shard;
      this.stream = new QueueRowStream(QUEUE_ROWS, () -> session.ctx.executor().execute(this::resume),
          () -> session.ctx.executor().execute(this::stopEarly));
    }

    void connected(BackendConnection c, Throwable error) {
      if (error != null) {
        stream.fail(new ShardError(Errors.acquireFailed(shard.node(), error)));
        ended = true;
        return;
      }
      conn = c;
      c.attach(this);
      String settings = SessionSettings.prelude(c.appliedSettings(), session.settings.script());
      if (settings != null) {
        settingsReplies++;
        c.send(new Query(settings));
        c.appliedSettings(session.settings.script());
      }
      if (validation != null && this == feeds.get(0)) {
        settingsReplies++; // replies dropped, an error fails the run
        c.send(new Query(validation));
      }
      for (Object m : shardMessages) {
        c.send(m);
      }
    }

    @Override
    public void onFrame(Frame frame) {
      if (!session.ctx.executor().inEventLoop()) {
        session.ctx.executor().execute(() -> onFrame(frame));
        return;
      }
      try {
        if (settingsReplies > 0) {
          if (frame.typeChar() == 'Z') {
            settingsReplies--;
          } else if (frame.typeChar() == 'E' && !failedHere) {
            failedHere = true;
            ErrorResponse e = ErrorResponse.decode(frame.body());
            stream.fail(new ShardError(new SqlError(e.sqlState(), e.message() + " (on shard " + shard.schemaName()
                + ")", e.fields().get('D'), e.fields().get('H'))));
          }
          return;
        }
        switch (frame.typeChar()) {
          case '2' -> bound = true;
          case 'T' -> stream.describe(RowDescription.decode(frame.body()));
          case 'D' -> push(DataRow.decode(frame.body()));
          case 'E' -> {
            ErrorResponse e = ErrorResponse.decode(frame.body());
            cancelSeen |= "57014".equals(e.sqlState());
            if (failedHere) {
              break; // the first error of this shard is the one the client sees
            }
            failedHere = true;
            stream.fail(new ShardError(new SqlError(e.sqlState(), e.message() + " (on shard " + shard.schemaName() + ")",
                e.fields().get('D'), e.fields().get('H'))));
          }
          case 'Z' -> {
            ended = true;
            if (overflow.isEmpty()) {
              stream.complete();
            } else {
              completeAfterOverflow = true; // rows read past a full queue still go first
            }
            release();
          }
          default -> { }
        }
      } finally {
        frame.release();
      }
    }

    private void push(DataRow row) {
      if (!overflow.isEmpty() || !stream.offer(row)) {
        overflow.addLast(row);
        conn.setReading(false);
      }
    }

    private void resume() {
      while (!overflow.isEmpty() && stream.offer(overflow.peekFirst())) {
        overflow.pollFirst();
      }
      if (overflow.isEmpty() && completeAfterOverflow) {
        completeAfterOverflow = false;
        stream.complete();
      }
      if (overflow.isEmpty() && conn != null) {
        conn.setReading(true);
      }
    }

    /** The merge needs no more rows (LIMIT reached): cancel the shard's statement, drain, release. */
    private void stopEarly() {
      overflow.clear();
      if (conn != null && !ended && conn.keyData() != null) {
        cancelSent = true;
        CancelSender.send(session.router().topology().get().node(shard.node()), conn.keyData());
        conn.setReading(true);
      }
    }

    void finish(boolean failed) {
      if (failed && conn != null && !ended) {
        stopEarly();
      }
      release();
    }

    private void release() {
      BackendConnection c = conn;
      if (c != null) {
        conn = null;
        c.attach(null);
        c.setReading(true);
        if (cancelSent && !cancelSeen) {
          session.router().pool().close(c);
        } else {
          session.release(c); // still answering? the pool drains it first
        }
      }
    }

    @Override
    public void onBackendFailure(Throwable cause) {
      session.ctx.executor().execute(() -> {
        ended = true;
        stream.fail(new ShardError(Errors.nodeUnavailable(shard.node(), String.valueOf(cause.getMessage()))));
        if (conn != null) {
          session.router().pool().close(conn);
          conn = null;
        }
      });
    }
  }
}
