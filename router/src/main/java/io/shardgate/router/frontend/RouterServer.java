package io.shardgate.router.frontend;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.shardgate.pgwire.codec.MessageEncoder;
import io.shardgate.pgwire.codec.StartupDecoder;
import io.shardgate.router.RouterSettings;
import io.shardgate.router.TopologyHolder;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.shardgate.router.backend.BackendPool;
import io.shardgate.router.limits.ClientIdleTimeout;
import io.shardgate.router.limits.GracefulShutdown;
import io.shardgate.router.limits.LimitsConfig;
import io.shardgate.sql.analysis.CachingAnalyzer;
import io.shardgate.topology.Topology;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The Netty server clients connect to; owns the event loops and the backend pools. */
public final class RouterServer implements AutoCloseable {
  private final io.shardgate.router.Transport transport = io.shardgate.router.Transport.best();
  private final EventLoopGroup boss = transport.newGroup(1);
  private final EventLoopGroup workers = transport.newGroup(0);
  private final TopologyHolder topology;
  private final BackendPool pool;
  private final RouterContext context;
  private final LimitsConfig limits;
  /** Open client connections, for the shutdown drain (closed ones leave by themselves). */
  private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
  private Channel serverChannel;
  private final io.shardgate.router.tx.InDoubtRecovery recovery;

  public RouterServer(Topology topology) {
    this(topology, RouterSettings.DEFAULT);
  }

  public RouterServer(Topology topology, RouterSettings settings) {
    this.topology = new TopologyHolder(topology);
    this.pool = new BackendPool(workers, name -> this.topology.get().node(name), settings.pool(),
        settings.backendTls());
    CachingAnalyzer analyzer = new CachingAnalyzer(new TopologyCatalog(this.topology));
    var coordinator = new io.shardgate.router.tx.CommitCoordinator(settings.transactions(), pool,
        () -> settings.transactions().controlNode() != null ? settings.transactions().controlNode() : this.topology.get().home());
    this.recovery = new io.shardgate.router.tx.InDoubtRecovery(this.topology::get, coordinator);
    this.context = new RouterContext(this.topology, pool, analyzer, new SessionRegistry(), settings,
        new ShardedViews(this.topology), coordinator);
    this.context.shardedViews().refresh();
    this.limits = settings.limits();
  }

  /** Binds to host:port (port 0 = any free port) and returns the bound address. */
  public InetSocketAddress start(String host, int port) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ClientSession session = new ClientSession(context);
            ch.pipeline().addLast(new StartupDecoder());
            if (limits.hasIdleTimeouts()) {
              ch.pipeline().addLast(new ClientIdleTimeout(limits, session)); // sees every frame and every write
            }
            ch.pipeline().addLast(MessageEncoder.INSTANCE, session);
            clients.add(ch);
          }
        });
    serverChannel = b.bind(host, port).sync().channel();
    recovery.start(); // in-doubt two-phase commits of an earlier run are finished first thing
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Finishes in-doubt two-phase commits now (recovery also runs at start and periodically). */
  public io.shardgate.router.tx.InDoubtRecovery.Pass recoverInDoubt() throws java.sql.SQLException {
    return recovery.recoverOnce();
  }

  /** The commit coordinator of multi-node transactions. */
  public io.shardgate.router.tx.CommitCoordinator transactions() {
    return context.transactions();
  }

  public TopologyHolder topology() {
    return topology;
  }

  /** Blocks until the server channel closes. */
  public void awaitClose() throws InterruptedException {
    serverChannel.closeFuture().sync();
  }

  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Stops listening, lets running statements and transactions finish up to limits.shutdown_drain
   * (idle clients get FATAL 57P01 at once), then closes the pools and the event loops; safe to call
   * more than once (a shutdown hook and the caller).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    new GracefulShutdown(clients, limits.shutdownDrain()).run();
    recovery.close();
    pool.close();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
