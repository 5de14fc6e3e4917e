package io.shardgate.router.tx;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named points in the two-phase commit where crash tests stop the router. Started with
 * {@code -Dshardgate.failpoint=<name>}, the router prints {@code FAILPOINT <name>} to standard error when the
 * point is reached and then waits forever, so that a test can kill it there with SIGKILL; in-process tests
 * {@link #arm} an action instead. Unarmed points cost one map lookup.
 */
public final class Failpoint {
  /** Every participant but the anchor has prepared; the decision is not written yet. */
  public static final String AFTER_PREPARE = "after-prepare";
  /** The commit decision is durable; no COMMIT PREPARED has been sent. */
  public static final String AFTER_DECISION = "after-decision";
  /** COMMIT PREPARED has been sent to the first prepared participant only. */
  public static final String AFTER_FIRST_COMMIT_PREPARED = "after-first-commit-prepared";
  /** The participants are about to be asked to prepare. */
  public static final String BEFORE_PREPARE = "before-prepare";

  private static final Map<String, Runnable> ARMED = new ConcurrentHashMap<>();

  static {
    String name = System.getProperty("shardgate.failpoint");
    if (name != null && !name.isBlank()) {
      ARMED.put(name.trim(), () -> {
        System.err.println("FAILPOINT " + name.trim());
        System.err.flush();
        while (true) {
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            // keep waiting: only SIGKILL ends this
          }
        }
      });
    }
  }

  private Failpoint() {}

  /** Runs {@code action} whenever point {@code name} is reached, until {@link #disarm}. */
  public static void arm(String name, Runnable action) {
    ARMED.put(name, action);
  }

  public static void disarm(String name) {
    ARMED.remove(name);
  }

  static void hit(String name) {
    Runnable action = ARMED.get(name);
    if (action != null) {
      action.run();
    }
  }
}
