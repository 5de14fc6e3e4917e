package io.shardgate.topology;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A group of tables that share one shard-key type and one set of shards: rows with equal keys live
 * on the same shard, so joins on the key stay on one shard. Table and column names are stored
 * lowercased, as PostgreSQL folds unquoted identifiers; {@code tableToKeyColumn} keeps the
 * configured order. Shards are ordered by range and cover the whole hash space without gaps.
 */
public record Colo(String name, KeyType keyType, Map<String, String> tableToKeyColumn, List<Shard> shards) {
  /** A colo name must be a plain lowercase identifier: it is the prefix of schema names. */
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
  /** PostgreSQL's identifier limit (NAMEDATALEN - 1) less "_NNNN". */
  private static final int MAX_NAME_LENGTH = 63 - 5;

  /** Normalises names and checks the shards. */
  public Colo {
    if (name == null || !NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
      throw new TopologyException("colo name '" + name + "' must be a lowercase identifier ([a-z_][a-z0-9_]*) of at most "
          + MAX_NAME_LENGTH + " characters");
    }
    if (keyType == null) {
      throw new TopologyException("colo " + name + " has no key type");
    }
    if (tableToKeyColumn == null || tableToKeyColumn.isEmpty()) {
      throw new TopologyException("colo " + name + " has no tables");
    }
    Map<String, String> tables = new LinkedHashMap<>();
    tableToKeyColumn.forEach((table, column) -> {
      if (table == null || table.isBlank() || column == null || column.isBlank()) {
        throw new TopologyException("colo " + name + ": table and key column names must not be empty");
      }
      if (tables.put(lower(table), lower(column)) != null) {
        throw new TopologyException("colo " + name + " lists table " + lower(table) + " twice");
      }
    });
    tableToKeyColumn = Collections.unmodifiableMap(tables);
    shards = List.copyOf(shards);
    checkShards(name, shards);
  }

  private static void checkShards(String name, List<Shard> shards) {
    if (shards.isEmpty()) {
      throw new TopologyException("colo " + name + " has no shards");
    }
    Set<Integer> numbers = new HashSet<>();
    long expectedLo = Long.MIN_VALUE;
    for (int i = 0; i < shards.size(); i++) {
      Shard shard = shards.get(i);
      if (!shard.colo().equals(name)) {
        throw new TopologyException("colo " + name + " holds shard " + shard.schemaName() + " of another colo");
      }
      if (!numbers.add(shard.number())) {
        throw new TopologyException("colo " + name + " has two shards numbered " + shard.number());
      }
      if (shard.range().lo() != expectedLo) {
        throw new TopologyException("colo " + name + ": shard " + shard.schemaName() + " starts at " + shard.range().lo()
            + " but the hash space continues at " + expectedLo + " (shards must be ordered, without gaps or overlaps)");
      }
      boolean last = i == shards.size() - 1;
      if (shard.range().unboundedAbove() != last) {
        throw new TopologyException("colo " + name + ": " + (last ? "the last shard " + shard.schemaName() + " must reach 2^63"
            : "only the last shard may reach 2^63, not " + shard.schemaName()));
      }
      expectedLo = shard.range().hi();
    }
  }

  /** A colo of {@code count} equal shards, shard i on {@code placement.get(i)}. */
  public static Colo evenlySplit(String name, KeyType keyType, Map<String, String> tableToKeyColumn, List<String> placement) {
    List<KeyRange> ranges = KeyRange.split(placement.size());
    Shard[] shards = new Shard[ranges.size()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard(name, i, ranges.get(i), placement.get(i));
    }
    return new Colo(name, keyType, tableToKeyColumn, List.of(shards));
  }

  /** Whether {@code table} (any case) belongs to this colo. */
  public boolean hasTable(String table) {
    return tableToKeyColumn.containsKey(lower(table));
  }

  /** The shard-key column of {@code table} (any case), if the table belongs to this colo. */
  public Optional<String> keyColumn(String table) {
    return Optional.ofNullable(tableToKeyColumn.get(lower(table)));
  }

  /** The shard whose range holds {@code hash} (binary search over the ordered ranges). */
  public Shard shardForHash(long hash) {
    int low = 0;
    int high = shards.size() - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (shards.get(mid).range().lo() <= hash) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return shards.get(low);
  }

  /** The shard that holds the key value given as text ({@link KeyType#hashOfText}). */
  public Shard shardForValue(String literalText) {
    return shardForHash(keyType.hashOfText(literalText));
  }

  /** The shard numbered {@code number}. */
  public Optional<Shard> shard(int number) {
    return shards.stream().filter(s -> s.number() == number).findFirst();
  }

  static String lower(String identifier) {
    return identifier.trim().toLowerCase(Locale.ROOT);
  }
}
