package io.shardgate.router.frontend;

import io.shardgate.pgwire.Frame;
import io.shardgate.pgwire.message.Bind;
import io.shardgate.pgwire.message.Describe;
import io.shardgate.pgwire.message.ErrorResponse;
import io.shardgate.pgwire.message.ParameterDescription;
import io.shardgate.pgwire.message.Parse;
import io.shardgate.pgwire.message.RowDescription;
import io.shardgate.pgwire.message.Sync;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.backend.FrameSink;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.topology.Shard;
import java.util.List;

/**
 * Asks one shard what a fan-out's shard SQL returns, without running it: Parse, then Describe of the statement
 * (parameter and column types) or Bind and Describe of a portal (column types in the bound result formats),
 * then Sync. The merged columns are computed from this answer (see {@link ExtendedFanout}).
 */
final class ShardDescribe implements FrameSink {
  /** What one shard said: its parameter types (statement describes) and its columns. */
  record Answer(ParameterDescription parameters, RowDescription columns) {}

  /** The outcome: an answer or an error, and whether the shard had accepted the Bind (then the error is later). */
  interface Done {
    void accept(Answer answer, SqlError error, boolean bound);
  }

  private final ClientSession session;
  private final Shard shard;
  private final Done done;
  private BackendConnection conn;
  private ParameterDescription parameters;
  private RowDescription columns;
  private SqlError error;
  private boolean bound;

  private ShardDescribe(ClientSession session, Shard shard, Done done) {
    this.session = session;
    this.shard = shard;
    this.done = done;
  }

  /** Describes the statement {@code sql} (portal when {@code bind} is non-null) on {@code shard}. */
  static void run(ClientSession session, Shard shard, String sql, List<Integer> parameterTypes, Bind bind,
                  Done done) {
    ShardDescribe d = new ShardDescribe(session, shard, done);
    session.acquire(new BackendKey(shard.node(), shard.schemaName())).whenComplete((c, error) ->
        session.ctx.executor().execute(() -> d.connected(c, error, sql, parameterTypes, bind)));
  }

  private void connected(BackendConnection c, Throwable failure, String sql, List<Integer> types, Bind bind) {
    if (failure != null) {
      done.accept(null, Errors.acquireFailed(shard.node(), failure), false);
      return;
    }
    if (!session.ctx.channel().isActive()) {
      session.release(c);
      return;
    }
    conn = c;
    c.attach(this);
    c.send(new Parse("", sql, types));
    if (bind == null) {
      c.send(Describe.statement(""));
    } else {
      c.send(bind);
      c.send(Describe.portal(""));
    }
    c.send(Sync.INSTANCE);
  }

  @Override
  public void onFrame(Frame frame) {
    if (!session.ctx.executor().inEventLoop()) {
      session.ctx.executor().execute(() -> onFrame(frame));
      return;
    }
    try {
      switch (frame.typeChar()) {
        case '2' -> bound = true;
        case 't' -> parameters = ParameterDescription.decode(frame.body());
        case 'T' -> columns = RowDescription.decode(frame.body());
        case 'E' -> {
          ErrorResponse e = ErrorResponse.decode(frame.body());
          error = new SqlError(e.sqlState(), e.message() + " (on shard " + shard.schemaName() + ")",
              e.fields().get('D'), e.fields().get('H'));
        }
        case 'Z' -> finish();
        default -> { }
      }
    } finally {
      frame.release();
    }
  }

  private void finish() {
    BackendConnection c = conn;
    conn = null;
    c.attach(null);
    session.release(c);
    if (error == null && columns == null) {
      error = Errors.internal(new IllegalStateException("shard " + shard.schemaName() + " described no columns"));
    }
    done.accept(error == null ? new Answer(parameters, columns) : null, error, bound);
  }

  @Override
  public void onBackendFailure(Throwable cause) {
    session.ctx.executor().execute(() -> {
      if (conn != null) {
        session.router().pool().close(conn);
        conn = null;
        done.accept(null, Errors.nodeUnavailable(shard.node(), String.valueOf(cause.getMessage())), bound);
      }
    });
  }
}
