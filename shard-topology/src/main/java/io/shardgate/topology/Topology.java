package io.shardgate.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version of the cluster's layout: the nodes, the home node (unsharded tables), the colos with
 * their shards, and the reference tables copied to every node. Immutable and validated on
 * construction; table names are compared lowercased.
 */
public record Topology(long version, String listen, List<Node> nodes, String home, List<Colo> colos,
    List<String> referenceTables, List<String> unshardedTables) {

  /** Normalises names and checks that every name resolves and no table is claimed twice. */
  public Topology {
    nodes = List.copyOf(nodes);
    colos = List.copyOf(colos);
    referenceTables = lowered(referenceTables, "reference_tables");
    unshardedTables = lowered(unshardedTables, "unsharded_tables");
    if (nodes.isEmpty()) {
      throw new TopologyException("a topology needs at least one node");
    }
    Set<String> nodeNames = new HashSet<>();
    for (Node node : nodes) {
      if (!nodeNames.add(node.name())) {
        throw new TopologyException("duplicate node name " + node.name());
      }
    }
    if (home == null || !nodeNames.contains(home)) {
      throw new TopologyException("home node " + home + " is not one of the nodes " + nodeNames(nodes));
    }
    Map<String, String> owner = new HashMap<>();
    Set<String> coloNames = new HashSet<>();
    for (Colo colo : colos) {
      if (!coloNames.add(colo.name())) {
        throw new TopologyException("duplicate colo name " + colo.name());
      }
      for (Shard shard : colo.shards()) {
        if (!nodeNames.contains(shard.node())) {
          throw new TopologyException("colo " + colo.name() + ": shard " + shard.number() + " is placed on unknown node "
              + shard.node() + " (nodes are " + nodeNames(nodes) + ")");
        }
      }
      for (String table : colo.tableToKeyColumn().keySet()) {
        String previous = owner.putIfAbsent(table, "colo " + colo.name());
        if (previous != null) {
          throw new TopologyException("table " + table + " is in " + previous + " and in colo " + colo.name());
        }
      }
    }
    for (String table : referenceTables) {
      claim(owner, table, "reference_tables");
    }
    for (String table : unshardedTables) {
      claim(owner, table, "unsharded_tables");
    }
  }

  /** A topology without a list of unsharded tables (every table outside colos and reference tables is unsharded anyway). */
  public Topology(long version, String listen, List<Node> nodes, String home, List<Colo> colos, List<String> referenceTables) {
    this(version, listen, nodes, home, colos, referenceTables, List.of());
  }

  private static void claim(Map<String, String> owner, String table, String list) {
    String previous = owner.putIfAbsent(table, list);
    if (previous != null) {
      throw new TopologyException("table " + table + " is both in " + previous + " and in " + list);
    }
  }

  private static List<String> lowered(List<String> tables, String list) {
    Set<String> out = new LinkedHashSet<>();
    for (String table : tables == null ? List.<String>of() : tables) {
      if (table == null || table.isBlank()) {
        throw new TopologyException(list + " holds an empty table name");
      }
      if (!out.add(Colo.lower(table))) {
        throw new TopologyException(list + " lists table " + Colo.lower(table) + " twice");
      }
    }
    return List.copyOf(out);
  }

  private static List<String> nodeNames(List<Node> nodes) {
    return nodes.stream().map(Node::name).toList();
  }

  /** The colo that holds {@code table} (any case), if any. */
  public Optional<Colo> coloOfTable(String table) {
    String name = Colo.lower(table);
    for (Colo colo : colos) {
      if (colo.tableToKeyColumn().containsKey(name)) {
        return Optional.of(colo);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code table} (any case) is a reference table, copied to every node. */
  public boolean isReferenceTable(String table) {
    return referenceTables.contains(Colo.lower(table));
  }

  /** The colo named {@code name}. */
  public Optional<Colo> colo(String name) {
    return colos.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The node named {@code name}; a {@link TopologyException} when there is none. */
  public Node node(String name) {
    for (Node node : nodes) {
      if (node.name().equals(name)) {
        return node;
      }
    }
    throw new TopologyException("unknown node " + name + " (nodes are " + nodeNames(nodes) + ")");
  }

  /** The node of unsharded tables. */
  public Node homeNode() {
    return node(home);
  }

  /** The shard of {@code colo} whose range holds {@code hash}. */
  public Shard shardForHash(Colo colo, long hash) {
    return colo.shardForHash(hash);
  }

  /** The shard of {@code colo} that holds the key value given as text. */
  public Shard shardForValue(Colo colo, String literalText) {
    return colo.shardForValue(literalText);
  }

  /** Every shard (of every colo) placed on {@code node}, colo by colo in range order. */
  public List<Shard> shardsOn(String node) {
    List<Shard> out = new ArrayList<>();
    for (Colo colo : colos) {
      for (Shard shard : colo.shards()) {
        if (shard.node().equals(node)) {
          out.add(shard);
        }
      }
    }
    return List.copyOf(out);
  }

  /** The next version: the same layout with the colo of {@code replacement}'s name replaced (a table added, a shard moved). */
  public Topology withColo(Colo replacement) {
    if (colo(replacement.name()).isEmpty()) {
      throw new TopologyException("unknown colo " + replacement.name());
    }
    List<Colo> next = new ArrayList<>();
    for (Colo colo : colos) {
      next.add(colo.name().equals(replacement.name()) ? replacement : colo);
    }
    return new Topology(version + 1, listen, nodes, home, next, referenceTables, unshardedTables);
  }
}
