package io.shardgate.localpg;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Stops every server this JVM started when the JVM exits, so a crashed test run leaves no server behind. */
final class Reaper {
  private static final Set<LocalPostgres> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(LocalPostgres::close), "pg-reaper"));
  }

  private Reaper() {}

  static void register(LocalPostgres pg) {
    RUNNING.add(pg);
  }

  static void unregister(LocalPostgres pg) {
    RUNNING.remove(pg);
  }
}
