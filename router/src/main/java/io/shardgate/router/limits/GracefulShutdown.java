package io.shardgate.router.limits;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.shardgate.router.errors.Errors;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ends the client sessions of a router that has stopped accepting connections: a session waiting for
 * its client outside a transaction gets FATAL 57P01 (admin_shutdown) and is closed at once; a session
 * running a statement or inside a transaction is left to finish (COMMIT still works) and is ended as
 * soon as it is idle outside a transaction. Whatever is still open after limits.shutdown_drain is ended
 * too; closing a session releases its backends, rolling back an unfinished transaction.
 */
public final class GracefulShutdown {
  private static final long POLL_MILLIS = 20;
  private final ChannelGroup clients;
  private final Duration drain;
  private final Set<Channel> terminated = ConcurrentHashMap.newKeySet();

  /** {@code clients}: the open client channels, each with a {@link ClientActivity} handler. */
  public GracefulShutdown(ChannelGroup clients, Duration drain) {
    this.clients = clients;
    this.drain = drain;
  }

  /** Blocks until every client session has ended, or the drain time (plus a moment to close) is over. */
  public void run() {
    long deadline = System.nanoTime() + drain.toNanos();
    while (!clients.isEmpty()) {
      boolean late = System.nanoTime() - deadline >= 0;
      for (Channel ch : clients) {
        ClientActivity session = activity(ch);
        if (session == null) {
          ch.close();
        } else if (!terminated.contains(ch)) {
          ch.eventLoop().execute(() -> endIfDone(ch, session, late));
        }
      }
      if (late) {
        break;
      }
      if (!sleep(POLL_MILLIS)) {
        deadline = System.nanoTime(); // interrupted: end the rest now
      }
    }
    clients.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private void endIfDone(Channel ch, ClientActivity session, boolean late) {
    if (!ch.isActive() || terminated.contains(ch)) {
      return;
    }
    IdleState state = session.idleState();
    if (late || state == IdleState.IDLE || state == IdleState.STARTING) {
      terminated.add(ch);
      session.terminate(Errors.adminShutdown());
    }
  }

  private static ClientActivity activity(Channel ch) {
    for (Map.Entry<String, ChannelHandler> e : ch.pipeline()) {
      if (e.getValue() instanceof ClientActivity a) {
        return a;
      }
    }
    return null;
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
