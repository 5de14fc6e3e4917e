package io.shardgate.localpg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One throw-away (or kept) PostgreSQL server on a loopback port, started from real binaries.
 * As root it runs initdb, pg_ctl and so the server inside a user namespace ({@code unshare -U}),
 * where PostgreSQL's refusal to run as root does not apply.
 */
public final class LocalPostgres implements AutoCloseable {
  /** Settings every node gets: what logical replication and two-phase commit need. */
  static final List<String> SERVER_SETTINGS = List.of(
      "listen_addresses=127.0.0.1",
      "unix_socket_directories=",
      "wal_level=logical",
      "max_prepared_transactions=64",
      "max_wal_senders=10",
      "max_replication_slots=10",
      "max_connections=300",
      "shared_buffers=64MB");
  /** Extra settings for throw-away servers: durability is not wanted there. */
  static final List<String> THROWAWAY_SETTINGS = List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off");

  private final Path binDir;
  private final Path dataDir;
  private final int port;
  private final boolean throwaway;
  private volatile boolean running;

  private LocalPostgres(Path binDir, Path dataDir, int port, boolean throwaway) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.port = port;
    this.throwaway = throwaway;
  }

  /**
   * Starts a server with its data in {@code dataDir} (initialised when empty) on {@code port}
   * (0 = a free port). A throw-away server runs without fsync and its folder is removed on close.
   */
  public static LocalPostgres start(Path dataDir, int port, boolean throwaway) {
    Path bin = PgBinaries.binDir();
    int chosen = port == 0 ? freePort() : port;
    LocalPostgres pg = new LocalPostgres(bin, dataDir.toAbsolutePath(), chosen, throwaway);
    pg.initIfNeeded();
    pg.startServer();
    return pg;
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A JDBC URL for {@code database} as the superuser postgres (trust authentication). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + database + "?user=postgres";
  }

  /** A libpq-style URL, as Shardgate's config takes it. */
  public String url(String database) {
    return "postgresql://postgres@" + host() + ":" + port + "/" + database;
  }

  /** Runs SQL with psql-free means: the server's own single connection via pg_ctl is not enough, so JDBC-less callers use this. */
  public Path logFile() {
    return dataDir.resolveSibling(dataDir.getFileName() + ".log");
  }

  private void initIfNeeded() {
    if (Files.exists(dataDir.resolve("PG_VERSION"))) {
      return;
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run(List.of(tool("initdb"), "-D", dataDir.toString(), "-U", "postgres", "-A", "trust",
        "-E", "UTF8", "--locale=C", "--no-sync"), 120);
  }

  private void startServer() {
    List<String> settings = new ArrayList<>(SERVER_SETTINGS);
    settings.add("port=" + port);
    if (throwaway) {
      settings.addAll(THROWAWAY_SETTINGS);
    }
    StringBuilder options = new StringBuilder();
    for (String s : settings) {
      options.append(" -c ").append(s.endsWith("=") ? s + "''" : s);
    }
    run(List.of(tool("pg_ctl"), "-D", dataDir.toString(), "-l", logFile().toString(), "-w", "-t", "60",
        "-o", options.toString().trim(), "start"), 90);
    running = true;
    Reaper.register(this);
  }

  /** Stops the server (fast shutdown) and, for a throw-away server, removes its data. */
  @Override
  public synchronized void close() {
    if (running) {
      running = false;
      try {
        run(List.of(tool("pg_ctl"), "-D", dataDir.toString(), "-m", throwaway ? "immediate" : "fast", "-w", "stop"), 60);
      } catch (RuntimeException e) {
        // already stopped, or the data folder went away: nothing left to stop
      }
      Reaper.unregister(this);
    }
    if (throwaway) {
      PgBinaries.deleteTree(dataDir);
      try {
        Files.deleteIfExists(logFile());
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  /** Stops the server abruptly, as a crash would (for tests of recovery). */
  public void kill() {
    run(List.of(tool("pg_ctl"), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), 60);
    running = false;
  }

  /** Starts a stopped server again on the same port and data. */
  public void restart() {
    if (!running) {
      startServer();
    }
  }

  private String tool(String name) {
    return binDir.resolve(name).toString();
  }

  private void run(List<String> command, int timeoutSeconds) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      // initdb and postgres refuse to run as root; in a new user namespace we are "nobody".
      full.add("unshare");
      full.add("-U");
    }
    full.addAll(command);
    try {
      Path out = Files.createTempFile("shardgate-pg", ".out");
      try {
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("timed out: " + String.join(" ", full));
        }
        if (p.exitValue() != 0) {
          String log = Files.exists(logFile()) ? Files.readString(logFile()) : "";
          throw new IllegalStateException("failed (exit " + p.exitValue() + "): " + String.join(" ", full)
              + "\n" + Files.readString(out) + tail(log));
        }
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String tail(String log) {
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "postgres@127.0.0.1:" + port + " (" + dataDir + ")";
  }
}
