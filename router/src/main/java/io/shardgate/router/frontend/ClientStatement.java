package io.shardgate.router.frontend;

import io.shardgate.sql.analysis.Analysis;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A statement a client prepared (Parse): its text, parameter types and analysis, and the name under
 * which Shardgate prepares it on backend connections. Named statements with the same text and types
 * share one backend name, so a backend connection prepares each once, whichever client asks.
 */
record ClientStatement(String name, String sql, List<Integer> parameterTypes, Analysis analysis, String backendName) {
  private static final Map<String, String> SHARED_NAMES = new ConcurrentHashMap<>();
  private static final AtomicInteger NEXT = new AtomicInteger();

  static ClientStatement of(String name, String sql, List<Integer> types, Analysis analysis) {
    String backendName = name.isEmpty() ? ""
        : SHARED_NAMES.computeIfAbsent(types + "\u0000" + sql, k -> "sg_" + NEXT.incrementAndGet());
    return new ClientStatement(name, sql, List.copyOf(types), analysis, backendName);
  }

  boolean unnamed() {
    return backendName.isEmpty();
  }
}
