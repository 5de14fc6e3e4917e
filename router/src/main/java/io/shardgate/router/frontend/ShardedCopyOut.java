package io.shardgate.router.frontend;

import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.CopyDone;
import io.shardgate.pgwire.message.Query;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.backend.FrameSink;
import io.shardgate.pgwire.message.CopyData;
import io.shardgate.router.copy.BinaryCopyOutJoin;
import io.shardgate.router.copy.CopyStatement;
import io.shardgate.router.errors.Errors;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;

/**
 * COPY ... TO STDOUT of a sharded table: the client's COPY runs on each shard in turn and the shards'
 * data streams reach the client as one (one CopyOutResponse, one header line or binary file header and
 * trailer, one CopyDone, the summed row count).
 */
final class ShardedCopyOut implements FrameSink {
  private final ClientSession session;
  private final QueryRun run;
  private final String sql;
  private final CopyStatement copy;
  private final Colo colo;
  private int index;
  private long total;
  private boolean firstData;
  private boolean failed;
  private BackendConnection conn;

  ShardedCopyOut(ClientSession session, QueryRun run, String sql, CopyStatement copy, Colo colo) {
    this.session = session;
    this.run = run;
    this.sql = sql;
    this.copy = copy;
    this.colo = colo;
  }

  void start() {
    next();
  }

  private void next() {
    if (index >= colo.shards().size()) {
      if (copy.format().binary()) {
        session.ctx.write(new CopyData(BinaryCopyOutJoin.trailer()));
      }
      session.ctx.write(CopyDone.INSTANCE);
      run.copyFinished(null, new CommandComplete("COPY " + total));
      return;
    }
    Shard shard = colo.shards().get(index);
    session.acquire(new BackendKey(shard.node(), shard.schemaName())).whenComplete((c, error) ->
        session.ctx.executor().execute(() -> {
          if (error != null) {
            run.copyFinished(Errors.acquireFailed(shard.node(), error), null);
            return;
          }
          conn = c;
          firstData = true;
          c.attach(this);
          c.send(new Query(copy.fromShardView()));
        }));
  }

  @Override
  public void onFrame(Frame frame) {
    if (!session.ctx.executor().inEventLoop()) {
      session.ctx.executor().execute(() -> onFrame(frame));
      return;
    }
    boolean forward = false;
    switch (frame.typeChar()) {
      case 'H' -> forward = index == 0;
      case 'd' -> {
        forward = copy.format().binary() ? BinaryCopyOutJoin.trim(frame.body(), firstData, index)
            : !(copy.format().header() && firstData && index > 0);
        firstData = false;
      }
      case 'C' -> {
        String tag = CommandComplete.decode(frame.body()).tag();
        total += Long.parseLong(tag.substring(tag.lastIndexOf(' ') + 1));
      }
      case 'E' -> {
        forward = true;
        failed = true;
      }
      case 'N' -> forward = true;
      case 'Z' -> {
        frame.release();
        BackendConnection c = conn;
        conn = null;
        c.attach(null);
        session.release(c);
        if (failed) {
          run.copyFinished(null, null);
        } else {
          index++;
          next();
        }
        return;
      }
      default -> { }
    }
    if (forward) {
      session.ctx.write(frame);
      if (!session.ctx.channel().isWritable()) {
        conn.setReading(false);
      }
    } else {
      frame.release();
    }
  }

  /** The client's socket drained (or filled). */
  void clientWritable(boolean writable) {
    BackendConnection c = conn;
    if (c != null) {
      c.setReading(writable);
    }
  }

  @Override
  public void onReadComplete() {
    session.flushFromAnyThread();
  }

  @Override
  public void onBackendFailure(Throwable cause) {
    session.ctx.executor().execute(() -> {
      if (conn != null) {
        session.router().pool().close(conn);
        conn = null;
        run.copyFinished(Errors.nodeUnavailable(colo.shards().get(index).node(), String.valueOf(cause.getMessage())), null);
      }
    });
  }

  void abandon() {
    BackendConnection c = conn;
    conn = null;
    if (c != null) {
      session.router().pool().release(c); // drained before reuse
    }
  }
}
