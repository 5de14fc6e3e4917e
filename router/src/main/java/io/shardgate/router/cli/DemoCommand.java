package io.shardgate.router.cli;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.LocalPostgres;
import io.shardgate.router.frontend.RouterServer;
import io.shardgate.topology.Provisioner;
import io.shardgate.topology.Topology;
import io.shardgate.topology.TopologyLoader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `shardgate demo`: the embedded default. Starts local PostgreSQL nodes, creates a sample schema
 * (colos users and orgs, an unsharded and a reference table), provisions the shard schemas, loads
 * sample rows and runs the router on them until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start a local sharded cluster with sample data and the router on it.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "6432", description = "Router port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--nodes", defaultValue = "2", description = "PostgreSQL nodes to start (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--shards", defaultValue = "8", description = "Shards per colo (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(names = "--data-dir", description = "Keep the nodes' data here between runs (default: a temporary folder, removed on exit).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || shards < 1) {
      throw new IllegalArgumentException("--nodes and --shards must be at least 1");
    }
    boolean throwaway = dataDir == null;
    Path base = throwaway ? Files.createTempDirectory("shardgate-demo-") : Files.createDirectories(dataDir.toAbsolutePath());
    System.out.println("Starting " + nodes + " PostgreSQL node(s) under " + base + " ...");
    LocalCluster cluster = LocalCluster.start(nodes, base, 0, throwaway);
    RouterServer server = null;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      DemoSchema schema = new DemoSchema(cluster, shards);
      Topology topology = TopologyLoader.parse(schema.configYaml("127.0.0.1:" + port));
      Path configFile = base.resolve("shardgate-demo.yaml");
      Files.writeString(configFile, schema.configYaml("127.0.0.1:" + port));
      boolean fresh = schema.createIfMissing();
      var report = new Provisioner(topology).provision();
      System.out.println("Provisioned shard schemas: " + report.changeCount() + " change(s) on " + cluster.nodes().size() + " node(s).");
      if (fresh) {
        schema.loadSampleRows(topology);
      }
      server = new RouterServer(topology);
      InetSocketAddress bound = server.start("127.0.0.1", port);
      printBanner(cluster, bound, configFile);
      RouterServer running = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.println("\nStopping Shardgate demo ...");
        running.close();
        cluster.close();
        stopped.countDown();
      }, "shardgate-demo-stop"));
      stopped.await();
      return 0;
    } catch (Exception | Error e) {
      if (server != null) {
        server.close();
      }
      cluster.close();
      throw e;
    }
  }

  private void printBanner(LocalCluster cluster, InetSocketAddress bound, Path configFile) {
    System.out.println();
    System.out.println("Shardgate demo is running. Connect with:");
    System.out.println();
    System.out.println("  psql \"host=127.0.0.1 port=" + bound.getPort() + " user=postgres dbname=" + DemoSchema.DATABASE + "\"");
    System.out.println();
    System.out.println("Try:  SELECT * FROM users WHERE id = 42;");
    System.out.println("      INSERT INTO users (id, org_id, name, email) VALUES (1001, 7, 'Ada', 'ada@example.com');");
    System.out.println("      SELECT * FROM orders WHERE user_id = 1001;  SELECT * FROM plans;  SELECT * FROM countries;");
    System.out.println();
    System.out.println("Nodes:");
    int i = 1;
    for (LocalPostgres node : cluster.nodes()) {
      System.out.println("  n" + i++ + "  psql \"host=127.0.0.1 port=" + node.port() + " user=postgres dbname=" + DemoSchema.DATABASE + "\"");
    }
    System.out.println("Config: " + configFile);
    System.out.println("Press Ctrl-C to stop.");
    System.out.flush();
  }
}
