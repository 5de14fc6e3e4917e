package io.shardgate.router.frontend;

import io.shardgate.router.TopologyHolder;
import io.shardgate.sql.analysis.ShardKeyCatalog;
import java.util.Optional;

/** The analyser's view of the topology: which tables are sharded and by which column, versioned with the topology. */
final class TopologyCatalog implements ShardKeyCatalog {
  private final TopologyHolder topology;

  TopologyCatalog(TopologyHolder topology) {
    this.topology = topology;
  }

  @Override
  public Optional<String> shardKeyColumn(String table) {
    return topology.get().coloOfTable(table).map(colo -> colo.tableToKeyColumn().get(table));
  }

  @Override
  public long version() {
    return topology.get().version();
  }
}
