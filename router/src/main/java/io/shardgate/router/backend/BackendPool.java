package io.shardgate.router.backend;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.shardgate.pgwire.codec.FrameDecoder;
import io.shardgate.pgwire.codec.MessageEncoder;
import io.shardgate.pgwire.message.Query;
import io.shardgate.router.errors.SqlError;
import io.shardgate.router.tls.BackendTls;
import io.shardgate.router.tls.BackendTlsNegotiator;
import io.shardgate.topology.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Backend connections per {@link BackendKey} (node and shard schema), bounded per key and per node.
 * A client takes one for a statement or a transaction and gives it back when the node reports it idle;
 * a client that finds none free waits in line up to the acquire timeout, then gets SQLSTATE 53300.
 */
public final class BackendPool implements AutoCloseable {
  /** Largest message a node may send us (PostgreSQL's own cap is 1 GiB). */
  private static final int MAX_BACKEND_MESSAGE = Integer.MAX_VALUE;
  private final EventLoopGroup group;
  private final Function<String, Node> nodes;
  private final PoolConfig config;
  private final BackendTls tls;
  private final Map<BackendKey, Deque<BackendConnection>> idle = new HashMap<>();
  private final Map<BackendKey, Deque<CompletableFuture<BackendConnection>>> waiters = new HashMap<>();
  private final Map<BackendKey, Integer> openPerKey = new HashMap<>();
  private final Map<String, Integer> openPerNode = new HashMap<>();
  private final java.util.Set<LoopSlot> opening = new java.util.HashSet<>();
  private final ScheduledFuture<?> reaper;
  private boolean closed;

  public BackendPool(EventLoopGroup group, Function<String, Node> nodes, PoolConfig config) {
    this(group, nodes, config, BackendTls.DISABLED);
  }

  /** With TLS to the nodes as {@code tls} says (tls.backend_mode). */
  public BackendPool(EventLoopGroup group, Function<String, Node> nodes, PoolConfig config, BackendTls tls) {
    this.group = group;
    this.nodes = nodes;
    this.config = config;
    this.tls = tls;
    this.reaper = group.scheduleWithFixedDelay(this::reapIdle, 10, 10, TimeUnit.SECONDS);
  }

  public PoolConfig config() {
    return config;
  }

  /** An idle connection for {@code key}, a new one, or one released later (up to the acquire timeout). */
  public CompletableFuture<BackendConnection> acquire(BackendKey key) {
    return acquire(key, null);
  }

  /**
   * Like {@link #acquire(BackendKey)}, preferring a connection served by {@code loop} (the client's event
   * loop): its replies then reach the client without a hop between threads. New connections are opened on it.
   */
  public CompletableFuture<BackendConnection> acquire(BackendKey key, EventLoop loop) {
    synchronized (this) {
      Deque<BackendConnection> q = idle.get(key);
      BackendConnection c;
      while ((c = takeIdle(q, loop)) != null) {
        if (c.isUsable() && c.ageNanos() < config.maxLifetime().toNanos()) {
          if (loop != null && c.channel().eventLoop() != loop) {
            openOnLoop(key, loop);
          }
          return CompletableFuture.completedFuture(c);
        }
        close(c);
      }
      if (openPerKey.getOrDefault(key, 0) < config.maxPerShard() && makeRoomOnNode(key.node())) {
        return connect(key, loop);
      }
      CompletableFuture<BackendConnection> waiter = new CompletableFuture<>();
      waiters.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(waiter);
      long ms = config.acquireTimeout().toMillis();
      group.schedule(() -> {
        synchronized (this) {
          Deque<CompletableFuture<BackendConnection>> w = waiters.get(key);
          if (w != null) {
            w.remove(waiter);
          }
        }
        waiter.completeExceptionally(poolTimeout(key, ms));
      }, ms, TimeUnit.MILLISECONDS);
      return waiter;
    }
  }

  /**
   * The client got a connection served by another event loop: every frame then crosses threads twice
   * (a task queued and a wake-up each way). While the shard and node have room, open one more connection
   * on the client's loop in the background and pool it, so that the next acquire from this loop finds one.
   * At most one such connection per key and loop is opening at a time. Guarded by this pool's lock.
   */
  private void openOnLoop(BackendKey key, EventLoop loop) {
    LoopSlot slot = new LoopSlot(key, loop);
    if (closed || opening.contains(slot) || openPerKey.getOrDefault(key, 0) >= config.maxPerShard()
        || openPerNode.getOrDefault(key.node(), 0) >= config.maxPerNode()) {
      return;
    }
    opening.add(slot);
    connect(key, loop).whenComplete((c, error) -> {
      synchronized (this) {
        opening.remove(slot);
      }
      if (c != null) {
        release(c);
      }
    });
  }

  /** A backend key and the event loop a connection for it is being opened on. */
  private record LoopSlot(BackendKey key, EventLoop loop) { }

  /** An idle connection on {@code loop} if there is one, else the most recently used one; null if none. */
  private static BackendConnection takeIdle(Deque<BackendConnection> q, EventLoop loop) {
    if (q == null || q.isEmpty()) {
      return null;
    }
    if (loop != null) {
      for (Iterator<BackendConnection> it = q.iterator(); it.hasNext(); ) {
        BackendConnection c = it.next();
        if (c.channel() != null && c.channel().eventLoop() == loop) {
          it.remove();
          return c;
        }
      }
    }
    return q.pollFirst();
  }

  private SqlError poolTimeout(BackendKey key, long ms) {
    return new SqlError("53300", "no backend connection to " + key + " became free within " + ms + " ms",
        "The pool holds at most " + config.maxPerShard() + " connections per shard and " + config.maxPerNode()
            + " per node, and all are in use.",
        "Raise pool.max_per_shard / pool.max_per_node, shorten transactions, or retry.");
  }

  /** True when the node has a free slot, closing an idle connection of another shard if needed. */
  private boolean makeRoomOnNode(String node) {
    if (openPerNode.getOrDefault(node, 0) < config.maxPerNode()) {
      return true;
    }
    for (Map.Entry<BackendKey, Deque<BackendConnection>> e : idle.entrySet()) {
      if (e.getKey().node().equals(node) && !e.getValue().isEmpty()) {
        BackendConnection victim = e.getValue().pollLast();
        uncount(victim); // its slot is free now, not when its channel has finished closing
        close(victim);
        return true;
      }
    }
    return false;
  }

  /** Stops counting a connection against the limits (guarded by this pool's lock); idempotent. */
  private boolean uncount(BackendConnection conn) {
    if (!conn.counted()) {
      return false;
    }
    conn.uncount();
    openPerKey.merge(conn.key(), -1, Integer::sum);
    openPerNode.merge(conn.key().node(), -1, Integer::sum);
    return true;
  }

  private CompletableFuture<BackendConnection> connect(BackendKey key) {
    return connect(key, null);
  }

  private CompletableFuture<BackendConnection> connect(BackendKey key, EventLoop loop) {
    Node node = nodes.apply(key.node());
    openPerKey.merge(key, 1, Integer::sum);
    openPerNode.merge(key.node(), 1, Integer::sum);
    BackendConnection conn = new BackendConnection(key, node.user(), node.password()).database(node.database());
    Bootstrap b = new Bootstrap()
        .group(loop != null ? loop : group)
        .channel(io.shardgate.router.Transport.socketChannelFor(loop != null ? loop : group))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls.mode().usesTls()) {
              ch.pipeline().addLast(new BackendTlsNegotiator(tls, key.node(), node.host(), node.port()));
            }
            ch.pipeline().addLast(new FrameDecoder(MAX_BACKEND_MESSAGE), MessageEncoder.INSTANCE, conn);
          }
        });
    b.connect(node.host(), node.port()).addListener(f -> {
      if (!f.isSuccess()) {
        conn.ready().completeExceptionally(f.cause());
      }
    });
    conn.ready().whenComplete((c, error) -> {
      if (error != null) {
        forget(conn);
      } else {
        conn.channel().closeFuture().addListener(f -> forget(conn));
      }
    });
    return conn.ready();
  }

  /** A connection is gone: free its slot, and let a waiter of the same node have a new one. */
  private void forget(BackendConnection conn) {
    Runnable after;
    synchronized (this) {
      uncount(conn);
      Deque<BackendConnection> q = idle.get(conn.key());
      if (q != null) {
        q.remove(conn);
      }
      after = wakeWaiterOnNode(conn.key().node());
    }
    if (after != null) {
      after.run();
    }
  }

  /**
   * Starts a connection for the first waiter of {@code node} that now fits under both limits; the
   * returned action (run outside the lock) hands it over. Null when no waiter fits.
   */
  private Runnable wakeWaiterOnNode(String node) {
    for (Map.Entry<BackendKey, Deque<CompletableFuture<BackendConnection>>> e : waiters.entrySet()) {
      BackendKey key = e.getKey();
      if (key.node().equals(node) && !e.getValue().isEmpty() && !closed
          && openPerKey.getOrDefault(key, 0) < config.maxPerShard()
          && openPerNode.getOrDefault(key.node(), 0) < config.maxPerNode()) {
        CompletableFuture<BackendConnection> waiter = e.getValue().pollFirst();
        CompletableFuture<BackendConnection> fresh = connect(key);
        return () -> fresh.whenComplete((c, err) -> {
          if (err != null) {
            waiter.completeExceptionally(err);
          } else if (!waiter.complete(c)) {
            release(c); // the waiter timed out meanwhile
          }
        });
      }
    }
    return null;
  }

  /**
   * Takes a connection back. One with replies still coming is drained first, one in a transaction
   * (a client left mid-transaction) is rolled back first; a broken or too old one is closed.
   */
  public void release(BackendConnection conn) {
    conn.attach(null);
    conn.setReading(true);
    if (!conn.isUsable() || conn.ageNanos() > config.maxLifetime().toNanos()) {
      close(conn);
      return;
    }
    if (conn.hasOpenBatch()) {
      // A client left in the middle of an extended-protocol batch (no Sync): a Sync would commit its implicit
      // transaction, which PostgreSQL rolls back when a client vanishes; closing does the same.
      close(conn);
      return;
    }
    if (conn.awaitingReplies() > 0) {
      conn.attach(new ReturnWhenIdle(this, conn));
      return;
    }
    if (conn.transactionStatus() != 'I') {
      conn.attach(new ReturnWhenIdle(this, conn));
      conn.send(new Query("ROLLBACK"));
      return;
    }
    CompletableFuture<BackendConnection> handOff = null;
    Runnable after = null;
    synchronized (this) {
      if (closed) {
        close(conn);
        return;
      }
      Deque<CompletableFuture<BackendConnection>> w = waiters.get(conn.key());
      while (w != null && !w.isEmpty() && handOff == null) {
        CompletableFuture<BackendConnection> next = w.pollFirst();
        if (!next.isDone()) {
          handOff = next;
        }
      }
      if (handOff == null) {
        conn.idleSince(System.nanoTime());
        idle.computeIfAbsent(conn.key(), k -> new ArrayDeque<>()).addFirst(conn);
        if (hasWaiterBlockedByNode(conn.key().node())) {
          BackendConnection victim = idle.get(conn.key()).pollLast(); // another shard of this node needs the slot
          uncount(victim);
          close(victim);
          after = wakeWaiterOnNode(conn.key().node());
        }
      }
    }
    if (after != null) {
      after.run();
    }
    if (handOff == null) {
      return;
    }
    if (!handOff.complete(conn)) {
      release(conn);
    }
  }

  /** A waiter of this node whose own shard has room: only the node's limit holds it back. */
  private boolean hasWaiterBlockedByNode(String node) {
    for (Map.Entry<BackendKey, Deque<CompletableFuture<BackendConnection>>> e : waiters.entrySet()) {
      if (e.getKey().node().equals(node) && !e.getValue().isEmpty()
          && openPerKey.getOrDefault(e.getKey(), 0) < config.maxPerShard()) {
        return true;
      }
    }
    return false;
  }

  private void reapIdle() {
    long now = System.nanoTime();
    synchronized (this) {
      for (Deque<BackendConnection> q : idle.values()) {
        for (Iterator<BackendConnection> it = q.iterator(); it.hasNext(); ) {
          BackendConnection c = it.next();
          if (!c.isUsable() || now - c.idleSince() > config.idleTimeout().toNanos()
              || c.ageNanos() > config.maxLifetime().toNanos()) {
            it.remove();
            close(c);
          }
        }
      }
    }
  }

  /** Open connections (in use or idle) per node, for metrics and tests. */
  public synchronized Map<String, Integer> openPerNode() {
    return Map.copyOf(openPerNode);
  }

  /** Closes a connection without returning it. */
  public void close(BackendConnection conn) {
    if (conn == null) {
      return;
    }
    conn.markBroken();
    if (conn.channel() != null) {
      conn.channel().close();
    }
  }

  @Override
  public void close() {
    List<BackendConnection> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      reaper.cancel(false);
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(this::close);
  }
}
