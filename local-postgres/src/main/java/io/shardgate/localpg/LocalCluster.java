package io.shardgate.localpg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** N local PostgreSQL servers started in parallel: the nodes of a test or demo cluster. */
public final class LocalCluster implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private final List<LocalPostgres> nodes;
  private final Path baseDir;
  private final boolean throwaway;

  private LocalCluster(List<LocalPostgres> nodes, Path baseDir, boolean throwaway) {
    this.nodes = List.copyOf(nodes);
    this.baseDir = baseDir;
    this.throwaway = throwaway;
  }

  /** Starts {@code n} throw-away servers on free ports under a temporary folder. */
  public static LocalCluster startThrowaway(int n) {
    try {
      return start(n, Files.createTempDirectory("shardgate-pg-"), 0, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts {@code n} servers with data under {@code baseDir}/node1.. (kept unless throw-away), on
   * {@code firstPort}, firstPort+1... or on free ports when firstPort is 0.
   */
  public static LocalCluster start(int n, Path baseDir, int firstPort, boolean throwaway) {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<LocalPostgres>> starting = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      starting.add(pool.submit(() -> LocalPostgres.start(baseDir.resolve("node" + (index + 1)),
          firstPort == 0 ? 0 : firstPort + index, throwaway)));
    }
    List<LocalPostgres> started = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<LocalPostgres> f : starting) {
      try {
        started.add(f.get());
      } catch (Exception e) {
        failure = failure == null ? new IllegalStateException("could not start PostgreSQL: " + e.getMessage(), e) : failure;
      }
    }
    pool.shutdown();
    if (failure != null) {
      started.forEach(LocalPostgres::close);
      throw failure;
    }
    return new LocalCluster(started, baseDir, throwaway);
  }

  public List<LocalPostgres> nodes() {
    return nodes;
  }

  public LocalPostgres node(int index) {
    return nodes.get(index);
  }

  /** Creates a database of a fresh, unique name on every node and returns the name. */
  public String createDatabase(String prefix) {
    String name = (prefix + "_" + DATABASES.incrementAndGet()).toLowerCase();
    for (LocalPostgres node : nodes) {
      execute(node, "postgres", "CREATE DATABASE " + name);
    }
    return name;
  }

  /** Runs one or more SQL statements on a node's database over JDBC. */
  public static void execute(LocalPostgres node, String database, String sql) {
    try (Connection c = DriverManager.getConnection(node.jdbcUrl(database));
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("on " + node + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    nodes.parallelStream().forEach(LocalPostgres::close);
    if (throwaway) {
      PgBinaries.deleteTree(baseDir);
    }
  }
}
