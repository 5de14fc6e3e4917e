package io.shardgate.router.tx;

import io.shardgate.pgwire.message.ErrorResponse;
import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.backend.BackendPool;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.tx.BackendCall.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a client transaction that has backend transactions on more than one node.
 *
 * <p>COMMIT asks every participant whether its transaction wrote ({@code pg_current_xact_id_if_assigned()}:
 * a transaction that only read has no transaction id). Read-only participants commit plainly. With at most one
 * writer the writer commits plainly too: no two-phase cost. With several writers (and
 * {@code cross_node_writes: two_phase}) it runs two-phase commit:
 * <ol>
 *   <li>PREPARE TRANSACTION on every writer except the one on the control node (the anchor), if any;</li>
 *   <li>the decision: the commit record inserted in the anchor's own transaction, which then commits (its writes
 *       and the record atomically), or without an anchor inserted on a control-node connection of its own;</li>
 *   <li>COMMIT PREPARED on the prepared writers. A failure here is finished by {@link InDoubtRecovery}: the
 *       decision is durable, so the client is told COMMIT.</li>
 * </ol>
 * A failure before the decision rolls every participant back and gives the client the node's error.
 */
public final class CommitCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(CommitCoordinator.class);
  /** Whether this backend transaction has written anything (has a transaction id). */
  static final String PROBE = "SELECT pg_current_xact_id_if_assigned() IS NOT NULL";

  /** What the client sees: CommandComplete with {@code tag}, or {@code error}. */
  public record Outcome(String tag, ErrorResponse error) {
    static Outcome ok(String tag) {
      return new Outcome(tag, null);
    }

    static Outcome failed(ErrorResponse error) {
      return new Outcome(null, error);
    }
  }

  private final TransactionsConfig config;
  private final CommitLog log;
  private final BackendPool pool;
  private final Supplier<String> controlNode;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean tableReady;
  /** The one creation of the commit-record table that concurrent first commits all wait for (guarded by this). */
  private CompletableFuture<Reply> tableCreation;
  private final java.util.concurrent.atomic.LongAdder twoPhaseCommits = new java.util.concurrent.atomic.LongAdder();

  public CommitCoordinator(TransactionsConfig config, BackendPool pool, Supplier<String> controlNode) {
    this.config = config;
    this.log = new CommitLog(config.routerId());
    this.pool = pool;
    this.controlNode = controlNode;
  }

  public CommitLog log() {
    return log;
  }

  public TransactionsConfig config() {
    return config;
  }

  /** How many transactions committed with two-phase commit since the router started. */
  public long twoPhaseCommits() {
    return twoPhaseCommits.sum();
  }

  /** The gids this router is committing right now: recovery leaves them alone. */
  Set<String> inFlight() {
    return inFlight;
  }

  /** Rolls back every participant (all in a transaction block). */
  public CompletableFuture<Outcome> rollback(List<BackendConnection> participants) {
    return BackendCall.runAll(participants, c -> "ROLLBACK").thenApply(replies -> Outcome.ok("ROLLBACK"));
  }

  /**
   * Runs a statement of transaction control (SAVEPOINT, RELEASE, ROLLBACK TO, SET LOCAL) on every participant:
   * {@code tag}, or the first participant's error.
   */
  public CompletableFuture<Outcome> onEveryParticipant(List<BackendConnection> participants, String sql, String tag) {
    return BackendCall.runAll(participants, c -> sql).thenApply(replies -> {
      for (Reply r : replies) {
        if (r.problem() != null) {
          return Outcome.failed(r.problem());
        }
      }
      return Outcome.ok(tag);
    });
  }

  /** Commits the participants' transactions all or nothing; each is idle (status I) afterwards or broken. */
  public CompletableFuture<Outcome> commit(List<BackendConnection> participants) {
    if (participants.size() == 1) {
      return BackendCall.run(participants.get(0), "COMMIT").thenApply(CommitCoordinator::plainCommit);
    }
    return BackendCall.runAll(participants, c -> PROBE).thenCompose(probes -> {
      for (Reply p : probes) {
        if (!p.ok()) {
          ErrorResponse error = p.problem();
          return rollbackLive(participants).thenApply(v -> Outcome.failed(error));
        }
      }
      List<BackendConnection> writers = new ArrayList<>();
      List<BackendConnection> readers = new ArrayList<>();
      for (Reply p : probes) {
        ("t".equals(p.firstValue()) ? writers : readers).add(p.conn());
      }
      CompletableFuture<List<Reply>> readersDone = BackendCall.runAll(readers, c -> "COMMIT");
      CompletableFuture<Outcome> outcome;
      if (writers.size() <= 1) {
        outcome = writers.isEmpty() ? CompletableFuture.completedFuture(Outcome.ok("COMMIT"))
            : BackendCall.run(writers.get(0), "COMMIT").thenApply(CommitCoordinator::plainCommit);
      } else if (config.crossNodeWrites() == TransactionsConfig.CrossNodeWrites.REJECT) {
        List<String> nodes = writers.stream().map(c -> c.key().node()).toList();
        outcome = BackendCall.runAll(writers, c -> "ROLLBACK")
            .thenApply(v -> Outcome.failed(Errors.crossNodeWritesRejected(nodes).toResponse(false)));
      } else {
        outcome = twoPhase(writers);
      }
      return outcome.thenCombine(readersDone, (o, r) -> o);
    });
  }

  private CompletableFuture<Outcome> twoPhase(List<BackendConnection> writers) {
    if (!tableReady) {
      // First two-phase commit of this router: make sure the commit records have their table.
      return ensureTable().thenCompose(r -> {
        if (!r.ok()) {
          ErrorResponse error = r.error() != null ? r.error()
              : Errors.nodeUnavailable(controlNode.get(), "connection closed").toResponse(false);
          return BackendCall.runAll(writers, c -> "ROLLBACK").thenApply(v -> Outcome.failed(error));
        }
        tableReady = true;
        return twoPhase(writers);
      });
    }
    String gid = log.nextGid();
    String lit = CommitLog.literal(gid);
    inFlight.add(gid);
    String control = controlNode.get();
    BackendConnection anchor = writers.stream().filter(c -> c.key().node().equals(control)).findFirst().orElse(null);
    List<BackendConnection> others = writers.stream().filter(c -> c != anchor).toList();
    Failpoint.hit(Failpoint.BEFORE_PREPARE);
    return BackendCall.runAll(others, c -> "PREPARE TRANSACTION " + lit).thenCompose(prepares -> {
      List<BackendConnection> prepared = new ArrayList<>();
      Reply failed = null;
      for (Reply r : prepares) {
        if (r.ok() && "PREPARE TRANSACTION".equals(r.tag())) {
          prepared.add(r.conn());
        } else if (failed == null) {
          failed = r;
        }
      }
      if (failed != null) {
        // A broken connection may have prepared after all: recovery rolls that back (no commit record).
        ErrorResponse error = failed.error() != null ? failed.error()
            : failed.broken() ? failed.problem() : Errors.prepareAborted(failed.conn().key().node()).toResponse(false);
        CompletableFuture<?> anchorDone = anchor == null ? CompletableFuture.completedFuture(null)
            : BackendCall.run(anchor, "ROLLBACK");
        return anchorDone.thenCompose(v -> BackendCall.runAll(prepared, c -> "ROLLBACK PREPARED " + lit))
            .thenApply(v -> finish(gid, Outcome.failed(error)));
      }
      Failpoint.hit(Failpoint.AFTER_PREPARE);
      CompletableFuture<Reply> decision = anchor != null
          ? BackendCall.run(anchor, CommitLog.decide(gid) + ";\nCOMMIT")
          : onControlNode(control, CommitLog.decide(gid));
      return decision.thenCompose(d -> {
        if (d.broken()) {
          // The decision may or may not be durable: recovery finds out (its tombstone waits for the anchor).
          LOG.warn("commit decision for {} lost with node {}: recovery resolves it", gid, control);
          return CompletableFuture.completedFuture(
              finish(gid, Outcome.failed(Errors.commitOutcomeUnknown(control, gid).toResponse(false))));
        }
        boolean committed = d.ok() && (anchor == null ? d.tag() != null && d.tag().startsWith("INSERT")
            : "COMMIT".equals(d.tag()));
        if (!committed) {
          if (d.error() != null && "42P01".equals(d.error().sqlState())) {
            tableReady = false; // the commit-record table was dropped: the next commit creates it again
          }
          ErrorResponse error = d.error() != null ? d.error() : Errors.prepareAborted(control).toResponse(false);
          CompletableFuture<?> anchorDone = anchor != null && d.status() != 'I'
              ? BackendCall.run(anchor, "ROLLBACK") : CompletableFuture.completedFuture(null);
          return anchorDone.thenCompose(v -> BackendCall.runAll(prepared, c -> "ROLLBACK PREPARED " + lit))
              .thenApply(v -> finish(gid, Outcome.failed(error)));
        }
        Failpoint.hit(Failpoint.AFTER_DECISION);
        return commitPrepared(prepared, lit).thenApply(commits -> {
          for (Reply c : commits) {
            if (!c.ok()) {
              LOG.warn("COMMIT PREPARED {} on node {} failed ({}): recovery commits it", gid, c.conn().key().node(),
                  c.error() != null ? c.error().message() : c.failure().toString());
            }
          }
          twoPhaseCommits.increment();
          return finish(gid, Outcome.ok("COMMIT"));
        });
      });
    });
  }

  /** COMMIT PREPARED on every prepared participant: the first alone, then the rest at once. */
  private static CompletableFuture<List<Reply>> commitPrepared(List<BackendConnection> prepared, String lit) {
    if (prepared.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return BackendCall.run(prepared.get(0), "COMMIT PREPARED " + lit).thenCompose(first -> {
      Failpoint.hit(Failpoint.AFTER_FIRST_COMMIT_PREPARED);
      return BackendCall.runAll(prepared.subList(1, prepared.size()), c -> "COMMIT PREPARED " + lit).thenApply(rest -> {
        List<Reply> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
      });
    });
  }

  /**
   * Creates the commit-record table once, however many first commits arrive at the same time (concurrent
   * CREATE TABLE IF NOT EXISTS can fail on PostgreSQL's catalog); after a failure the next commit tries again.
   */
  private synchronized CompletableFuture<Reply> ensureTable() {
    if (tableCreation == null || (tableCreation.isDone() && (!tableCreation.join().ok() || !tableReady))) {
      tableCreation = onControlNode(controlNode.get(), CommitLog.SCHEMA_DDL + ";\n" + CommitLog.TABLE_DDL);
    }
    return tableCreation;
  }

  /** Runs {@code sql} in autocommit on a control-node connection of its own. */
  private CompletableFuture<Reply> onControlNode(String control, String sql) {
    return pool.acquire(new BackendKey(control, null)).handle((c, error) -> {
      if (error != null) {
        return CompletableFuture.completedFuture(new Reply(null, null,
            Errors.acquireFailed(control, error).toResponse(false), null, 'I', null));
      }
      return BackendCall.run(c, sql).whenComplete((r, e) -> pool.release(c));
    }).thenCompose(f -> f);
  }

  private Outcome finish(String gid, Outcome outcome) {
    inFlight.remove(gid);
    return outcome;
  }

  /** Rolls back the participants still in a transaction (after a failed probe some may be broken). */
  private static CompletableFuture<Void> rollbackLive(List<BackendConnection> participants) {
    List<BackendConnection> live = participants.stream().filter(c -> c.isUsable() && c.transactionStatus() != 'I').toList();
    return BackendCall.runAll(live, c -> "ROLLBACK").thenApply(v -> null);
  }

  private static Outcome plainCommit(Reply r) {
    if (r.broken()) {
      return Outcome.failed(Errors.commitOutcomeUnknown(r.conn().key().node(), null).toResponse(false));
    }
    return r.error() != null ? Outcome.failed(r.error()) : Outcome.ok(r.tag());
  }
}
