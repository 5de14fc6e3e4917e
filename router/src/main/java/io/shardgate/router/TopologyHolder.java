package io.shardgate.router;

import io.shardgate.topology.Topology;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The router's current topology: an immutable snapshot read once per statement and swapped
 * atomically when a new version arrives (the resharder's cutover changes placements at run time).
 */
public final class TopologyHolder {
  private final AtomicReference<Topology> current;

  public TopologyHolder(Topology initial) {
    this.current = new AtomicReference<>(initial);
  }

  /** The snapshot to plan one statement with. */
  public Topology get() {
    return current.get();
  }

  /** Installs a newer snapshot; older versions are ignored. Returns whether it was installed. */
  public boolean install(Topology next) {
    while (true) {
      Topology now = current.get();
      if (next.version() < now.version()) {
        return false;
      }
      if (current.compareAndSet(now, next)) {
        return true;
      }
    }
  }
}
