package io.shardgate.router.tx;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable commit records of two-phase commits, in table {@code shardgate.commit_log} of the control node,
 * and the global transaction ids (gids) they are keyed by: {@code sg_<router id>_<incarnation>_<n>}, where the
 * incarnation is new at each router start, so that recovery knows which prepared transactions a dead router
 * left behind.
 *
 * <p>A row {@code committed = true} is the commit decision: it is written, and committed, only after every
 * participant has prepared. Recovery commits a prepared transaction whose gid has such a row and rolls back
 * one without: before it does, it inserts {@code committed = false} for the gid (ON CONFLICT DO NOTHING), which
 * waits for a decision still in flight and makes a late one fail (unique violation), so the two can never
 * both happen.
 */
public final class CommitLog {
  public static final String SCHEMA_DDL = "CREATE SCHEMA IF NOT EXISTS shardgate";
  public static final String TABLE_DDL = "CREATE TABLE IF NOT EXISTS shardgate.commit_log ("
      + "gid text PRIMARY KEY, committed boolean NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())";

  private final String prefix;
  private final AtomicLong next = new AtomicLong();

  public CommitLog(String routerId) {
    this.prefix = gidPrefix(routerId);
    // base 36 of the start time in milliseconds: new at every start, short, and only [a-z0-9]
    this.incarnationPrefix = prefix + Long.toString(System.currentTimeMillis(), 36) + "_";
  }

  private final String incarnationPrefix;

  /** Every gid of router {@code routerId} starts with this. */
  public static String gidPrefix(String routerId) {
    return "sg_" + routerId + "_";
  }

  /** A new gid, unique among every transaction this router ever prepares. */
  public String nextGid() {
    return incarnationPrefix + next.incrementAndGet();
  }

  public String prefix() {
    return prefix;
  }

  /** Whether {@code gid} was made by this router process (not by an earlier start of it). */
  public boolean ownIncarnation(String gid) {
    return gid.startsWith(incarnationPrefix);
  }

  /** The statement that records the decision to commit {@code gid}. */
  public static String decide(String gid) {
    return "INSERT INTO shardgate.commit_log (gid, committed) VALUES (" + literal(gid) + ", true)";
  }

  /** A gid as an SQL string literal (gids hold only [a-z0-9_], quoted anyway). */
  public static String literal(String gid) {
    return "'" + gid.replace("'", "''") + "'";
  }
}
