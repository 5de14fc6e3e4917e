package io.shardgate.router.cli;

import io.shardgate.router.frontend.RouterServer;
import io.shardgate.topology.Topology;
import io.shardgate.topology.TopologyLoader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `shardgate serve`: runs the router on a topology file. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the router with the topology in a YAML config file.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "Topology config file (YAML).")
  Path config;

  @Option(names = "--listen", description = "host:port to listen on (default: the config's `listen`, else 127.0.0.1:6432).")
  String listen;

  @Override
  public Integer call() throws Exception {
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      // Netty's default (SIMPLE) records a stack trace for every slice of a sampled buffer, and the router slices
      // every frame it forwards: 1-2% of its CPU under pgbench. Leaks are hunted in the tests (paranoid level);
      // -Dio.netty.leakDetection.level=simple turns the sampling back on in production.
      io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
    }
    Topology topology = TopologyLoader.load(config);
    HostPort at = HostPort.parse(listen != null ? listen : topology.listen() != null ? topology.listen() : "127.0.0.1:6432");
    try (RouterServer server = new RouterServer(topology, io.shardgate.router.RouterSettings.load(config))) {
      InetSocketAddress bound = server.start(at.host(), at.port());
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shardgate-shutdown"));
      System.out.println("shardgate listening on " + bound.getHostString() + ":" + bound.getPort());
      server.awaitClose();
    }
    return 0;
  }
}
