package io.shardgate.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a topology from its YAML document (format: shard-topology/README.md). */
public final class TopologyLoader {
  /** Where clients connect when the document names no {@code listen} address. */
  public static final String DEFAULT_LISTEN = "127.0.0.1:6432";
  /** Shard numbers have four digits in schema names (users_0000 .. users_9999). */
  public static final int MAX_SHARDS = 10_000;

  // auth, tls, pool and limits are sections of the same file that belong to the router, which reads
  // and validates them itself; they are allowed here and not looked at.
  private static final Set<String> TOP_KEYS = Set.of("version", "listen", "nodes", "home", "colos",
      "reference_tables", "unsharded_tables", "auth", "tls", "pool", "limits", "transactions");
  private static final Set<String> NODE_KEYS = Set.of("name", "url");
  private static final Set<String> COLO_KEYS = Set.of("name", "key_type", "tables", "shards", "placement");
  private static final ObjectMapper YAML = new ObjectMapper(
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private TopologyLoader() {}

  /** Reads and validates the YAML file {@code yamlFile}. */
  public static Topology load(Path yamlFile) {
    String text;
    try {
      text = Files.readString(yamlFile);
    } catch (IOException e) {
      throw new TopologyException("cannot read topology file " + yamlFile + ": " + e.getMessage(), e);
    }
    try {
      return parse(text);
    } catch (TopologyException e) {
      throw new TopologyException(yamlFile + ": " + e.getMessage(), e);
    }
  }

  /** Reads and validates a YAML document. */
  public static Topology parse(String yaml) {
    ConfigObject root;
    try {
      root = ConfigObject.root(YAML.readTree(yaml));
    } catch (JsonProcessingException e) {
      throw new TopologyException("the topology is not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
    }
    root.onlyKeys(TOP_KEYS);
    long version = root.optionalLong("version", 1);
    String listen = root.optionalText("listen").orElse(DEFAULT_LISTEN);
    List<Node> nodes = new ArrayList<>();
    List<String> nodeNames = new ArrayList<>();
    for (ConfigObject item : root.objects("nodes")) {
      String name = item.text("name");
      ConfigObject node = item.named("node " + name).onlyKeys(NODE_KEYS);
      if (nodeNames.contains(name)) {
        throw new TopologyException("duplicate node name " + name);
      }
      nodeNames.add(name);
      nodes.add(Node.parse(name, node.text("url")));
    }
    String home = root.text("home");
    if (!nodeNames.contains(home)) {
      throw new TopologyException("home node " + home + " is not one of the nodes " + nodeNames);
    }
    List<Colo> colos = new ArrayList<>();
    if (root.has("colos")) {
      for (ConfigObject item : root.objects("colos")) {
        colos.add(colo(item, nodeNames));
      }
    }
    List<String> referenceTables = root.texts("reference_tables").orElse(List.of());
    List<String> unshardedTables = root.texts("unsharded_tables").orElse(List.of());
    return new Topology(version, listen, nodes, home, colos, referenceTables, unshardedTables);
  }

  private static Colo colo(ConfigObject item, List<String> nodeNames) {
    String name = item.text("name");
    ConfigObject colo = item.named("colo " + name).onlyKeys(COLO_KEYS);
    KeyType keyType;
    try {
      keyType = KeyType.parse(colo.text("key_type"));
    } catch (TopologyException e) {
      throw colo.error(e.getMessage());
    }
    int shards = colo.integer("shards");
    if (shards < 1 || shards > MAX_SHARDS) {
      throw colo.error("shards must be between 1 and " + MAX_SHARDS + ", not " + shards);
    }
    List<String> placement = colo.texts("placement").orElse(null);
    if (placement == null) {
      placement = Placement.contiguousBlocks(shards, nodeNames);
    } else if (placement.size() != shards) {
      throw colo.error("placement lists " + placement.size() + " nodes but shards is " + shards);
    }
    for (int i = 0; i < placement.size(); i++) {
      if (!nodeNames.contains(placement.get(i))) {
        throw colo.error("placement[" + i + "] names unknown node " + placement.get(i) + " (nodes are " + nodeNames + ")");
      }
    }
    try {
      return Colo.evenlySplit(name, keyType, colo.textMap("tables"), placement);
    } catch (TopologyException e) {
      throw e.getMessage().startsWith("colo ") ? e : colo.error(e.getMessage());
    }
  }
}
