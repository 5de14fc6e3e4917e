package io.shardgate.router.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.shardgate.router.errors.SqlError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of the router's config file, read strictly like the topology: unknown keys are errors,
 * and every error (SQLSTATE F0000) says where it is, e.g. "auth.users[1]: ...".
 */
public final class ConfigSection {
  private static final ObjectMapper YAML = new ObjectMapper(
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private final JsonNode node;
  private final String where;

  private ConfigSection(JsonNode node, String where) {
    this.node = node;
    this.where = where;
  }

  /** The top-level section {@code key} of a YAML document, if it is there and not null. */
  public static Optional<ConfigSection> topLevel(String yaml, String key) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw AuthErrors.invalidConfig("the config is not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw AuthErrors.invalidConfig("the config document must be a mapping of keys");
    }
    JsonNode section = root.get(key);
    // "auth:" with nothing after it reads as an empty string: the same as no section.
    if (section == null || section.isNull() || (section.isTextual() && section.asText().isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(mapping(section, key));
  }

  private static ConfigSection mapping(JsonNode node, String where) {
    if (!node.isObject()) {
      throw AuthErrors.invalidConfig(where + " must be a mapping of keys, not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return new ConfigSection(node, where);
  }

  /** Fails naming every key outside {@code allowed}. */
  public ConfigSection onlyKeys(Set<String> allowed) {
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

  /** The scalar at {@code key} as text, if present and not null. */
  public Optional<String> optionalText(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isValueNode()) {
      throw error(key + " must be a single value");
    }
    return Optional.of(value.asText());
  }

  /** The list of mappings at {@code key}, each named like {@code auth.users[0]}; empty when absent. */
  public List<ConfigSection> objects(String key) {
    JsonNode value = node.get(key);
    List<ConfigSection> out = new ArrayList<>();
    if (value == null || value.isNull()) {
      return out;
    }
    if (!value.isArray()) {
      throw error(key + " must be a list");
    }
    for (int i = 0; i < value.size(); i++) {
      out.add(mapping(value.get(i), where + "." + key + "[" + i + "]"));
    }
    return out;
  }

  /** This section named differently in later errors, e.g. after its name key has been read. */
  public ConfigSection named(String newWhere) {
    return new ConfigSection(node, newWhere);
  }

  /** A config error located at this section. */
  public SqlError error(String message) {
    return AuthErrors.invalidConfig(where + ": " + message);
  }
}
