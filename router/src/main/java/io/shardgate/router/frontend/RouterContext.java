package io.shardgate.router.frontend;

import io.shardgate.router.RouterSettings;
import io.shardgate.router.TopologyHolder;
import io.shardgate.router.backend.BackendPool;
import io.shardgate.sql.analysis.StatementAnalyzer;

/** What every client session shares: topology, backend pools, the analyser and the session registry. */
public record RouterContext(TopologyHolder topology, BackendPool pool, StatementAnalyzer analyzer,
                            SessionRegistry sessions, RouterSettings settings) {
  public int maxMessageLength() {
    return settings.maxMessageLength();
  }
}
