package io.shardgate.router.frontend;

import io.shardgate.router.backend.BackendConnection;
import io.shardgate.router.backend.BackendKey;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.router.tx.BackendCall;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * Brings a node into the client's transaction: a backend connection from {@code key}'s pool, opened with the
 * transaction's opening script (BEGIN, SET TRANSACTION, SET LOCAL, savepoints), joined as that node's
 * participant. Completes on the client's event loop; fails with the node's error, giving the connection back.
 */
final class ParticipantJoin {
  private ParticipantJoin() {}

  /** Joins {@code key}'s node, unless the node already has a participant (then that one). */
  static CompletableFuture<TransactionState.Participant> join(ClientSession session, BackendKey key,
                                                              BooleanSupplier abandoned) {
    TransactionState tx = session.tx;
    TransactionState.Participant existing = tx.participant(key.node());
    if (existing != null) {
      return CompletableFuture.completedFuture(existing);
    }
    String script = tx.openingScript();
    return session.acquire(key).handle((c, failure) -> {
      if (failure != null) {
        throw new CompletionException(Errors.acquireFailed(key.node(), failure));
      }
      return c;
    }).thenCompose(c -> settingsFirst(session, c).thenCompose(r -> r.ok() ? BackendCall.run(c, script)
        : CompletableFuture.completedFuture(r)).thenApplyAsync(r -> {
      if (!r.ok() || abandoned.getAsBoolean() || !session.ctx.channel().isActive()) {
        session.release(c);
        throw new CompletionException(r.error() != null
            ? new SqlError(r.error().sqlState(), r.error().message(), null, null)
            : r.broken() ? Errors.nodeUnavailable(key.node(), Errors.rootMessage(r.failure()))
            : new IllegalStateException("client went away"));
      }
      TransactionState.Participant raced = tx.participant(key.node());
      if (raced != null) {
        session.release(c); // another join reached the node first (rolled back by the pool)
        return raced;
      }
      return tx.join(c);
    }, session.ctx.executor()));
  }

  /** The client's session settings, applied outside the transaction block (a rollback must not undo them). */
  private static CompletableFuture<BackendCall.Reply> settingsFirst(ClientSession session, BackendConnection c) {
    String wanted = session.settings.script();
    String prelude = SessionSettings.prelude(c.appliedSettings(), wanted);
    if (prelude == null) {
      return CompletableFuture.completedFuture(new BackendCall.Reply(c, null, null, null, 'I', null));
    }
    c.appliedSettings(wanted);
    return BackendCall.run(c, prelude);
  }

  /** The error a failed join carries, as the client should see it. */
  static SqlError error(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof SqlError s ? s : Errors.internal(cause);
  }
}
