package io.shardgate.router.frontend;

import io.shardgate.engine.ListRowStream;
import io.shardgate.engine.RowStream;
import io.shardgate.engine.EngineException;
import io.shardgate.pgwire.message.Bind;
import io.shardgate.pgwire.message.BindComplete;
import io.shardgate.pgwire.message.CommandComplete;
import io.shardgate.pgwire.message.Describe;
import io.shardgate.pgwire.message.Execute;
import io.shardgate.pgwire.message.ParameterDescription;
import io.shardgate.pgwire.message.Parse;
import io.shardgate.pgwire.message.RowDescription;
import io.shardgate.pgwire.message.Sync;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.router.fanout.FanoutPlan;
import io.shardgate.router.fanout.ResultFormats;
import io.shardgate.router.planner.Route;
import io.shardgate.topology.Colo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Key-less SELECTs in the extended query protocol: Bind plans the fan-out and keeps a portal here; Describe asks
 * one shard for the shard SQL's columns and answers with the merged ones; Execute runs the statement on every
 * shard with the client's parameters and result formats ({@link FanoutRun}), honouring a row limit with
 * PortalSuspended. {@link ExtendedQuery} hands these messages over only when no backend batch is open, and
 * takes no further message while {@link #busy()}.
 */
final class ExtendedFanout {
  /** A bound fan-out portal; {@code run} is its suspended execution, if any. */
  private static final class FanoutPortal {
    final ClientStatement statement;
    final Colo colo;
    final FanoutPlan plan;
    final Bind bind;
    final ResultFormats formats;
    FanoutRun run;
    boolean finished;
    /** BindComplete not sent yet: it waits for the shards to accept the parameters, as PostgreSQL checks them at Bind. */
    boolean bindPending = true;

    FanoutPortal(ClientStatement statement, Colo colo, FanoutPlan plan, Bind bind, ResultFormats formats) {
      this.statement = statement;
      this.colo = colo;
      this.plan = plan;
      this.bind = bind;
      this.formats = formats;
    }

    Bind shardBind() {
      return new Bind("", "", bind.parameterFormats(), bind.parameters(), formats.shardCodes(plan));
    }
  }

  private final ClientSession session;
  private final Consumer<SqlError> fail;
  private final Map<String, FanoutPortal> portals = new HashMap<>();
  private boolean busy;
  /** The portal whose run the merge thread is pumping now, if any. */
  private FanoutPortal running;

  /** {@code fail} reports an error in the client's message order and skips to Sync. */
  ExtendedFanout(ClientSession session, Consumer<SqlError> fail) {
    this.session = session;
    this.fail = fail;
  }

  /** Whether a shard is being asked or a fan-out is running: the session takes no further message. */
  boolean busy() {
    return busy;
  }

  boolean owns(String portal) {
    return portals.containsKey(portal);
  }

  /** Plans the fan-out of {@code statement} with the client's parameters and keeps the portal. */
  void bind(Bind b, ClientStatement statement, Route.Scatter scatter) {
    close(b.portal());
    Colo colo = colo(scatter);
    FanoutPlan plan = FanoutPlans.plan(statement.sql(), colo);
    portals.put(b.portal(), new FanoutPortal(statement, colo, plan, b, new ResultFormats(b.resultFormats())));
  }

  /**
   * Before any client message: a fan-out portal's pending BindComplete goes out unless the message is the Describe
   * or Execute of that portal (which sends it once a shard has bound the parameters, or reports the bind error).
   */
  void beforeMessage(io.shardgate.pgwire.message.FrontendMessage message) {
    for (var entry : portals.entrySet()) {
      FanoutPortal p = entry.getValue();
      if (!p.bindPending) {
        continue;
      }
      String name = entry.getKey();
      boolean own = (message instanceof Describe d && d.kind() == Describe.PORTAL && d.name().equals(name))
          || (message instanceof Execute e && e.portal().equals(name));
      if (!own) {
        bindComplete(p);
      }
    }
  }

  private void bindComplete(FanoutPortal p) {
    if (p.bindPending) {
      p.bindPending = false;
      session.ctx.write(BindComplete.INSTANCE);
    }
  }

  /** Describe of a prepared key-less SELECT: the shard's parameter types and the merged columns (text). */
  void describeStatement(ClientStatement statement, Route.Scatter scatter) {
    Colo colo = colo(scatter);
    FanoutPlan plan = FanoutPlans.plan(statement.sql(), colo);
    busy = true;
    ShardDescribe.run(session, colo.shards().get(0), plan.shardSql(), statement.parameterTypes(), null,
        (answer, error, bound) -> finish(error, () -> {
          session.ctx.write(answer.parameters() != null ? answer.parameters()
              : new ParameterDescription(statement.parameterTypes()));
          session.ctx.write(ResultFormats.TEXT.describe(merged(plan, answer.columns(), colo)));
        }));
  }

  /** Describe of a fan-out portal: the merged columns in the result formats of its Bind. */
  void describePortal(String name) {
    FanoutPortal p = portals.get(name);
    busy = true;
    ShardDescribe.run(session, p.colo.shards().get(0), p.plan.shardSql(), p.statement.parameterTypes(),
        p.shardBind(), (answer, error, bound) -> {
          if (answer != null || bound) {
            bindComplete(p);
          }
          finish(error, () -> session.ctx.write(p.formats.describe(merged(p.plan, answer.columns(), p.colo))));
        });
  }

  /** Runs (or continues) the portal's fan-out for up to the Execute's row limit. */
  void execute(Execute e) {
    FanoutPortal p = portals.get(e.portal());
    if (p.finished) {
      bindComplete(p);
      session.ctx.write(new CommandComplete("SELECT 0"));
      return;
    }
    busy = true;
    running = p;
    if (p.run != null) {
      p.run.resume(e.maxRows());
      return;
    }
    List<Object> messages = List.of(new Parse("", p.plan.shardSql(), p.statement.parameterTypes()), p.shardBind(),
        Describe.portal(""), new Execute("", 0), Sync.INSTANCE);
    p.run = new FanoutRun(session, p.colo, p.plan, messages, p.formats, false, error -> {
      if (error != null && p.run.anyShardBound()) {
        bindComplete(p);
      }
      p.run = null;
      p.finished = true;
      finish(error, () -> { });
    });
    if (p.bindPending) {
      p.bindPending = false;
      p.run.beforeOutput(BindComplete.INSTANCE);
    }
    p.run.start(e.maxRows(), () -> finish(null, () -> { }));
  }

  /** Closes portal {@code name} if it is a fan-out portal (a suspended run stops); false otherwise. */
  boolean close(String name) {
    FanoutPortal p = portals.remove(name);
    if (p == null) {
      return false;
    }
    bindComplete(p);
    if (p.run != null) {
      p.run.close();
      p.run = null;
    }
    return true;
  }

  /** The end of the implicit transaction (Sync outside a transaction): every portal goes. */
  void closeAll() {
    for (String name : new ArrayList<>(portals.keySet())) {
      close(name);
    }
  }

  void cancel() {
    portals.values().stream().filter(p -> p.run != null).forEach(p -> p.run.cancel());
  }

  /** The client went away: a running fan-out is stopped (its merge ends it), suspended ones are closed. */
  void abandon() {
    FanoutPortal active = running;
    if (active != null && active.run != null) {
      active.run.abandon();
    }
    for (var entry : new ArrayList<>(portals.entrySet())) {
      if (entry.getValue() != active) {
        close(entry.getKey());
      }
    }
    portals.clear();
  }

  private void finish(SqlError error, Runnable reply) {
    busy = false;
    running = null;
    if (error != null) {
      fail.accept(error);
    } else {
      try {
        reply.run();
      } catch (SqlError e) {
        fail.accept(e);
      } catch (EngineException e) {
        fail.accept(Errors.fromEngine(e));
      }
    }
    session.ctx.flush();
    session.ctx.executor().execute(session::drain);
  }

  private Colo colo(Route.Scatter scatter) {
    return session.router().topology().get().colo(scatter.colo()).orElseThrow();
  }

  /** The merged columns for shard columns {@code shardColumns}: the plan opened over rowless shard streams. */
  private static RowDescription merged(FanoutPlan plan, RowDescription shardColumns, Colo colo) {
    List<RowStream> empty = new ArrayList<>();
    for (int i = 0; i < colo.shards().size(); i++) {
      empty.add(new ListRowStream(shardColumns, List.of()));
    }
    try (RowStream s = plan.open(empty)) {
      return s.description();
    }
  }
}
