package io.shardgate.router.frontend;

import io.shardgate.router.RouterSettings;
import io.shardgate.router.TopologyHolder;
import io.shardgate.router.backend.BackendPool;
import io.shardgate.sql.analysis.CachingAnalyzer;

/** What every client session shares: topology, backend pools, the analyser and the session registry. */
public record RouterContext(TopologyHolder topology, BackendPool pool, CachingAnalyzer analyzer,
                            SessionRegistry sessions, RouterSettings settings, ShardedViews shardedViews,
                            io.shardgate.router.tx.CommitCoordinator transactions) {
  public int maxMessageLength() {
    return settings.maxMessageLength();
  }
}
