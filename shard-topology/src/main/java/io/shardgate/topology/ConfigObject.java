package io.shardgate.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of the topology document, read strictly: required keys must be there, unknown keys
 * are errors (a typo must not be ignored), and every error says where it is.
 */
final class ConfigObject {
  private final JsonNode node;
  private final String where;

  private ConfigObject(JsonNode node, String where) {
    this.node = node;
    this.where = where;
  }

  /** The document's top-level mapping. */
  static ConfigObject root(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new TopologyException("the topology document is empty");
    }
    if (!node.isObject()) {
      throw new TopologyException("the topology document must be a mapping of keys, not " + kind(node));
    }
    return new ConfigObject(node, "");
  }

  /** Fails naming every key outside {@code allowed}. */
  ConfigObject onlyKeys(Set<String> allowed) {
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw error("unknown " + (unknown.size() == 1 ? "key " : "keys ") + String.join(", ", unknown)
          + " (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
    }
    return this;
  }

  boolean has(String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  String text(String key) {
    return optionalText(key).orElseThrow(() -> missing(key));
  }

  Optional<String> optionalText(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    return Optional.of(scalar(node.get(key), key));
  }

  int integer(String key) {
    if (!has(key)) {
      throw missing(key);
    }
    JsonNode value = node.get(key);
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw error("'" + key + "' must be a whole number, not " + kind(value) + " " + value);
    }
    return value.intValue();
  }

  long optionalLong(String key, long otherwise) {
    if (!has(key)) {
      return otherwise;
    }
    JsonNode value = node.get(key);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw error("'" + key + "' must be a whole number, not " + kind(value) + " " + value);
    }
    return value.longValue();
  }

  /** A required non-empty list of mappings. */
  List<ConfigObject> objects(String key) {
    JsonNode list = list(key, true);
    List<ConfigObject> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String itemWhere = prefix() + key + "[" + i + "]";
      if (!item.isObject()) {
        throw new TopologyException(itemWhere + ": must be a mapping of keys, not " + kind(item));
      }
      out.add(new ConfigObject(item, itemWhere));
    }
    return out;
  }

  /** An optional list of scalars; empty when absent. */
  Optional<List<String>> texts(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    JsonNode list = list(key, false);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(scalar(list.get(i), key + "[" + i + "]"));
    }
    return Optional.of(out);
  }

  /** A required, non-empty mapping of scalars to scalars, in document order. */
  Map<String, String> textMap(String key) {
    if (!has(key)) {
      throw missing(key);
    }
    JsonNode map = node.get(key);
    if (!map.isObject() || map.isEmpty()) {
      throw error("'" + key + "' must be a non-empty mapping such as {users: id}, not " + kind(map));
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.fields().forEachRemaining(e -> out.put(e.getKey(), scalar(e.getValue(), key + "." + e.getKey())));
    return out;
  }

  /** A description of this mapping for messages: "colos[0]", or "colo users" once named. */
  ConfigObject named(String description) {
    return new ConfigObject(node, description);
  }

  TopologyException error(String message) {
    return new TopologyException(prefix() + message);
  }

  private JsonNode list(String key, boolean required) {
    if (!has(key)) {
      throw missing(key);
    }
    JsonNode list = node.get(key);
    if (!list.isArray()) {
      throw error("'" + key + "' must be a list, not " + kind(list));
    }
    if (required && list.isEmpty()) {
      throw error("'" + key + "' must not be empty");
    }
    return list;
  }

  private String scalar(JsonNode value, String key) {
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw error("'" + key + "' must be a single value, not " + kind(value));
    }
    String text = value.asText().trim();
    if (text.isEmpty()) {
      throw error("'" + key + "' must not be empty");
    }
    return text;
  }

  private TopologyException missing(String key) {
    return error("missing required key '" + key + "'");
  }

  private String prefix() {
    return where.isEmpty() ? "" : where + ": ";
  }

  private static String kind(JsonNode value) {
    if (value == null || value.isNull()) {
      return "nothing";
    }
    return value.isArray() ? "a list" : value.isObject() ? "a mapping" : value.isNumber() ? "a number" : "a value";
  }
}
