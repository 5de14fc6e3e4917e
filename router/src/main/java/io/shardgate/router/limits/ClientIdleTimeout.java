package io.shardgate.router.limits;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.shardgate.router.errors.Errors;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client connection that has been idle too long: limits.client_idle_timeout outside a
 * transaction (FATAL 57P05), limits.idle_in_transaction_timeout inside one (FATAL 25P03; closing the
 * session rolls its backend transaction back). Idle means neither read nor written ("all idle" for
 * Netty's IdleStateHandler, which ticks at the shorter timeout) while the session waits for its client:
 * a long statement that produces no output is busy, not idle.
 */
public final class ClientIdleTimeout extends IdleStateHandler {
  private final ClientActivity session;
  private final long idleNanos;
  private final long idleInTransactionNanos;
  private long lastActivity = System.nanoTime();

  public ClientIdleTimeout(LimitsConfig limits, ClientActivity session) {
    super(0, 0, tick(limits), TimeUnit.NANOSECONDS);
    this.session = session;
    this.idleNanos = limits.clientIdleTimeout().toNanos();
    this.idleInTransactionNanos = limits.idleInTransactionTimeout().toNanos();
  }

  /** The shorter of the timeouts that are on. */
  private static long tick(LimitsConfig limits) {
    if (!limits.hasIdleTimeouts()) {
      throw new IllegalArgumentException("no idle timeout is set");
    }
    Duration a = limits.clientIdleTimeout();
    Duration b = limits.idleInTransactionTimeout();
    return (a.isZero() ? b : b.isZero() ? a : a.compareTo(b) <= 0 ? a : b).toNanos();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    lastActivity = System.nanoTime();
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    lastActivity = System.nanoTime();
    super.write(ctx, msg, promise);
  }

  @Override
  protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
    long idleFor = System.nanoTime() - lastActivity;
    switch (session.idleState()) {
      case IDLE -> {
        if (idleNanos > 0 && idleFor >= idleNanos) {
          session.terminate(Errors.idleSessionTimeout());
        }
      }
      case IDLE_IN_TRANSACTION -> {
        if (idleInTransactionNanos > 0 && idleFor >= idleInTransactionNanos) {
          session.terminate(Errors.idleInTransactionTimeout());
        }
      }
      case STARTING -> {
        if (idleFor >= Math.max(idleNanos, idleInTransactionNanos)) {
          ctx.close(); // a connection that never finished its startup
        }
      }
      case BUSY -> { }
    }
  }
}
