package io.shardgate.router.backend;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.shardgate.pgwire.codec.FrameDecoder;
import io.shardgate.pgwire.codec.MessageEncoder;
import io.shardgate.pgwire.message.Query;
import io.shardgate.topology.Node;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Idle backend connections per {@link BackendKey} (node and shard schema). A client takes one for
 * a statement or a transaction and gives it back when the node reports it idle again.
 */
public final class BackendPool implements AutoCloseable {
  /** Largest message a node may send us (matches PostgreSQL's own 1 GiB cap). */
  private static final int MAX_BACKEND_MESSAGE = Integer.MAX_VALUE;
  private final EventLoopGroup group;
  private final Function<String, Node> nodes;
  private final Map<BackendKey, Deque<BackendConnection>> idle = new ConcurrentHashMap<>();
  private final int maxIdlePerKey;

  public BackendPool(EventLoopGroup group, Function<String, Node> nodes, int maxIdlePerKey) {
    this.group = group;
    this.nodes = nodes;
    this.maxIdlePerKey = maxIdlePerKey;
  }

  /** An idle connection for {@code key}, or a new one once it has logged in. */
  public CompletableFuture<BackendConnection> acquire(BackendKey key) {
    Deque<BackendConnection> q = idle.get(key);
    if (q != null) {
      synchronized (q) {
        BackendConnection c;
        while ((c = q.pollFirst()) != null) {
          if (c.isUsable()) {
            return CompletableFuture.completedFuture(c);
          }
        }
      }
    }
    return connect(key);
  }

  private CompletableFuture<BackendConnection> connect(BackendKey key) {
    Node node = nodes.apply(key.node());
    BackendConnection conn = new BackendConnection(key, node.user(), node.password()).database(node.database());
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new FrameDecoder(MAX_BACKEND_MESSAGE), MessageEncoder.INSTANCE, conn);
          }
        });
    b.connect(node.host(), node.port()).addListener(f -> {
      if (!f.isSuccess()) {
        conn.ready().completeExceptionally(f.cause());
      }
    });
    return conn.ready();
  }

  /**
   * Takes a connection back. One that is not idle (a client left mid-transaction) is rolled back
   * first; a broken one is closed.
   */
  public void release(BackendConnection conn) {
    conn.attach(null);
    conn.setReading(true);
    if (!conn.isUsable()) {
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
    Deque<BackendConnection> q = idle.computeIfAbsent(conn.key(), k -> new ArrayDeque<>());
    synchronized (q) {
      if (q.size() < maxIdlePerKey) {
        q.addFirst(conn);
        return;
      }
    }
    close(conn);
  }

  /** Closes a connection without returning it. */
  public void close(BackendConnection conn) {
    conn.markBroken();
    if (conn.channel() != null) {
      conn.channel().close();
    }
  }

  @Override
  public void close() {
    idle.values().forEach(q -> {
      synchronized (q) {
        q.forEach(this::close);
        q.clear();
      }
    });
  }
}
