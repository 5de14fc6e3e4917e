package io.shardgate.router;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty transport the router's sockets use: native epoll on Linux when its library loads (it needs
 * fewer system calls per message than the JDK selector and keeps no selected-key sets), else NIO. The
 * system property {@code shardgate.transport=nio} forces NIO, e.g. to rule the native transport out.
 */
public enum Transport {
  EPOLL, NIO;

  /** The transport of this process: EPOLL when available and not disabled. */
  public static Transport best() {
    boolean nioForced = "nio".equalsIgnoreCase(System.getProperty("shardgate.transport", ""));
    return !nioForced && Epoll.isAvailable() ? EPOLL : NIO;
  }

  /** A new event loop group of this transport; {@code threads} 0 = Netty's default. */
  public EventLoopGroup newGroup(int threads) {
    return this == EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
  }

  public Class<? extends ServerChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** The client socket channel class that runs on {@code group}'s event loops. */
  public static Class<? extends SocketChannel> socketChannelFor(EventLoopGroup group) {
    return group instanceof EpollEventLoopGroup || group instanceof io.netty.channel.epoll.EpollEventLoop
        ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
