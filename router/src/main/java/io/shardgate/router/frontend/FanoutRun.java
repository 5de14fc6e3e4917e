package io.shardgate.router.frontend;

import io.shardgate.engine.EngineException;
import io.shardgate.router.fanout.FanoutPlan;
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
  private final String shardSql;
  private final FanoutPlan plan;
  private final Consumer<SqlError> done;
  private final List<ShardFeed> feeds = new ArrayList<>();

  FanoutRun(ClientSession session, Colo colo, FanoutPlan plan, Consumer<SqlError> done) {
    this.session = session;
    this.colo = colo;
    this.shardSql = plan.shardSql();
    this.plan = plan;
    this.done = done;
  }

  void start() {
    List<RowStream> streams = new ArrayList<>();
    for (Shard shard : colo.shards()) {
      ShardFeed feed = new ShardFeed(shard);
      feeds.add(feed);
      streams.add(feed.stream);
    }
    for (ShardFeed feed : feeds) {
      session.acquire(new BackendKey(feed.shard.node(), feed.shard.schemaName())).whenComplete((c, error) ->
          session.ctx.executor().execute(() -> feed.connected(c, error)));
    }
    MERGE.execute(() -> merge(streams));
  }

  private void merge(List<RowStream> streams) {
    long rows = 0;
    SqlError failure = null;
    try (RowStream merged = plan.open(streams)) {
      RowDescription description = merged.description();
      session.ctx.write(description);
      DataRow row;
      while ((row = merged.next()) != null) {
        session.ctx.write(row);
        rows++;
        if ((rows & 255) == 0) {
          session.ctx.flush();
          awaitWritable();
        }
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
    SqlError result = failure;
    session.ctx.executor().execute(() -> {
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
      c.send(new Query(shardSql));
    }

    @Override
    public void onFrame(Frame frame) {
      if (!session.ctx.executor().inEventLoop()) {
        session.ctx.executor().execute(() -> onFrame(frame));
        return;
      }
      try {
        switch (frame.typeChar()) {
          case 'T' -> stream.describe(RowDescription.decode(frame.body()));
          case 'D' -> push(DataRow.decode(frame.body()));
          case 'E' -> {
            ErrorResponse e = ErrorResponse.decode(frame.body());
            stream.fail(new ShardError(new SqlError(e.sqlState(), e.message() + " (on shard " + shard.schemaName() + ")",
                e.fields().get('D'), e.fields().get('H'))));
          }
          case 'Z' -> {
            ended = true;
            stream.complete();
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
      if (overflow.isEmpty() && conn != null) {
        conn.setReading(true);
      }
    }

    /** The merge needs no more rows (LIMIT reached): cancel the shard's statement, drain, release. */
    private void stopEarly() {
      overflow.clear();
      if (conn != null && !ended && conn.keyData() != null) {
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
        session.release(c); // still answering? the pool drains it first
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
