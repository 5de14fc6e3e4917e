package io.shardgate.router.fanout.suite;

import java.util.List;

/** Hand-written statements for each feature, edge cases the grammar does not reach, and expected refusals. */
final class HandWritten {
  private HandWritten() {}

  private static final String WINDOW = "a window not partitioned by the shard key would need the merged rows; "
      + "the merge does not compute windows";

  static List<SuiteStatement> statements() {
    return List.of(
        SuiteStatement.unordered("projection and WHERE", "SELECT * FROM accounts"),
        SuiteStatement.unordered("projection and WHERE", "SELECT * FROM events WHERE amount IS NULL"),
        SuiteStatement.unordered("projection and WHERE", "SELECT serial, made FROM devices WHERE made = 'infinity'"),
        SuiteStatement.total("ORDER BY with LIMIT/OFFSET", "SELECT * FROM accounts ORDER BY balance DESC, id LIMIT 20"),
        SuiteStatement.total("ORDER BY with LIMIT/OFFSET", "SELECT id, balance FROM accounts ORDER BY balance NULLS FIRST, id"),
        SuiteStatement.total("ORDER BY with LIMIT/OFFSET", "SELECT id, name FROM accounts ORDER BY name COLLATE \"C\", id LIMIT 50"),
        SuiteStatement.total("ORDER BY with LIMIT/OFFSET", "SELECT serial FROM devices ORDER BY serial DESC LIMIT 10 OFFSET 1190"),
        SuiteStatement.total("ORDER BY with LIMIT/OFFSET", "SELECT id FROM accounts ORDER BY id LIMIT 0"),
        SuiteStatement.total("ORDER BY with LIMIT/OFFSET", "SELECT id, tags FROM accounts ORDER BY tags DESC, id LIMIT 40"),
        SuiteStatement.total("ORDER BY with LIMIT/OFFSET", "SELECT id, profile FROM accounts ORDER BY profile, id LIMIT 40"),
        SuiteStatement.total("ORDER BY with LIMIT/OFFSET", "SELECT id, blob, token FROM accounts ORDER BY blob, token, id LIMIT 40"),
        SuiteStatement.total("ORDER BY a column outside the list", "SELECT id FROM accounts ORDER BY score * 2 DESC, id LIMIT 25"),
        SuiteStatement.total("ORDER BY a column outside the list", "SELECT account_id, seq FROM events ORDER BY at, account_id, seq LIMIT 30"),
        SuiteStatement.unordered("DISTINCT", "SELECT DISTINCT region, active FROM accounts"),
        SuiteStatement.total("DISTINCT", "SELECT DISTINCT kind FROM events ORDER BY kind NULLS FIRST"),
        SuiteStatement.total("DISTINCT ON", "SELECT DISTINCT ON (region) region, id, name FROM accounts ORDER BY region, score DESC NULLS LAST, id"),
        SuiteStatement.total("DISTINCT ON", "SELECT DISTINCT ON (account_id) account_id, seq, amount FROM events ORDER BY account_id, amount DESC, seq LIMIT 15"),
        SuiteStatement.unordered("aggregates without GROUP BY", "SELECT count(*), sum(qty), avg(qty), sum(small), avg(score), min(name), max(name) FROM accounts"),
        SuiteStatement.unordered("aggregates without GROUP BY", "SELECT sum(amount), avg(amount), min(amount), max(amount), count(amount) FROM events"),
        SuiteStatement.unordered("aggregates without GROUP BY", "SELECT count(*), sum(qty), max(name) FROM accounts WHERE id = -42 AND id = 43"),
        SuiteStatement.unordered("aggregates without GROUP BY", "SELECT min(opened), max(opened), min(seen), max(seen), min(tags), max(tags) FROM accounts"),
        SuiteStatement.unordered("aggregates without GROUP BY", "SELECT bool_and(active), bool_or(active), every(qty > -1) FROM accounts"),
        SuiteStatement.unordered("aggregates without GROUP BY", "SELECT sum(balance), avg(balance), min(balance), max(balance) FROM accounts").approximately(),
        SuiteStatement.unordered("aggregates without GROUP BY", "SELECT sum(ratio), avg(ratio), max(ratio) FROM accounts WHERE false").approximately(),
        SuiteStatement.total("GROUP BY / HAVING", "SELECT region, count(*), sum(score), avg(score) FROM accounts GROUP BY region HAVING sum(score) > 0 ORDER BY region"),
        SuiteStatement.total("GROUP BY / HAVING", "SELECT account_id, count(*), sum(amount) FROM events GROUP BY account_id ORDER BY 2 DESC, 1 LIMIT 10"),
        SuiteStatement.total("GROUP BY / HAVING", "SELECT qty % 3 AS m, count(*) FROM accounts GROUP BY qty % 3 ORDER BY m NULLS FIRST"),
        SuiteStatement.unordered("GROUP BY / HAVING", "SELECT region FROM accounts GROUP BY region HAVING count(*) > 100 OR min(name) < 'b'"),
        SuiteStatement.total("count(DISTINCT)", "SELECT count(DISTINCT account_id), count(DISTINCT account_id) FILTER (WHERE true) FROM events")
            .refusable("count(DISTINCT ...) FILTER is not re-combined"),
        SuiteStatement.total("count(DISTINCT)", "SELECT kind, count(DISTINCT account_id) AS n, count(*) FROM events GROUP BY kind HAVING count(DISTINCT account_id) > 2 ORDER BY n DESC, kind"),
        SuiteStatement.unordered("count(DISTINCT)", "SELECT count(DISTINCT tags), count(DISTINCT name) FROM accounts")
            .refusable("count(DISTINCT) of two different expressions in one statement"),
        SuiteStatement.unordered("UNION / INTERSECT / EXCEPT", "SELECT region FROM accounts UNION SELECT kind FROM events"),
        SuiteStatement.unordered("UNION / INTERSECT / EXCEPT", "SELECT region FROM accounts UNION SELECT code FROM regions")
            .refusable("a branch that reads only the reference table: every shard would return its rows"),
        SuiteStatement.total("join within a colo", "SELECT e.kind, count(DISTINCT a.region), sum(e.amount) FROM accounts a JOIN events e ON e.account_id = a.id WHERE a.qty > 3 GROUP BY e.kind ORDER BY 1"),
        SuiteStatement.total("join within a colo", "SELECT a.id, a.name, count(e.seq) FROM accounts a LEFT JOIN events e ON e.account_id = a.id GROUP BY a.id, a.name ORDER BY 3 DESC, 1 LIMIT 12"),
        SuiteStatement.total("join within a colo", "SELECT DISTINCT ON (a.region) a.region, e.amount, e.account_id, e.seq FROM accounts a JOIN events e ON e.account_id = a.id ORDER BY a.region, e.amount DESC NULLS LAST, e.account_id, e.seq"),
        SuiteStatement.total("UNION / INTERSECT / EXCEPT", "SELECT name FROM accounts WHERE qty > 20 UNION ALL SELECT name FROM accounts WHERE qty < 2 ORDER BY 1 NULLS FIRST LIMIT 30"),
        SuiteStatement.total("UNION / INTERSECT / EXCEPT", "(SELECT region, active FROM accounts) EXCEPT (SELECT region, active FROM accounts WHERE qty > 5) ORDER BY region, active"),
        SuiteStatement.total("UNION / INTERSECT / EXCEPT", "SELECT id, name FROM accounts WHERE qty > 20 UNION SELECT account_id, kind FROM events WHERE seq > 9 ORDER BY 2 DESC, 1 LIMIT 25"),
        SuiteStatement.total("join with a reference table", "SELECT r.code, r.label, count(a.id) FROM regions r LEFT JOIN accounts a ON a.region = r.code GROUP BY r.code, r.label ORDER BY 1")
            .refusable("a reference table on the preserved side of an outer join: the shards would each add its unmatched rows"),
        SuiteStatement.unordered("join with a reference table", "SELECT r.code, a.id FROM regions r LEFT JOIN accounts a ON a.region = r.code AND a.qty > 20")
            .refusable("a reference table on the preserved side of an outer join: the shards would each add its unmatched rows"),
        SuiteStatement.unordered("join with a reference table", "SELECT a.id, r.label FROM accounts a LEFT JOIN regions r ON r.code = a.region WHERE a.qty < 3"),
        SuiteStatement.total("join within a colo", "SELECT a.id, e.seq, e.amount FROM accounts a JOIN events e ON e.account_id = a.id ORDER BY a.id, e.seq LIMIT 20"),
        SuiteStatement.unordered("join within a colo", "SELECT a.region, count(*), sum(e.amount) FROM accounts a JOIN events e ON e.account_id = a.id GROUP BY a.region"),
        SuiteStatement.total("window functions", "SELECT id, row_number() OVER (ORDER BY id) FROM accounts ORDER BY id LIMIT 10")
            .refusable(WINDOW),
        SuiteStatement.total("window functions", "SELECT id, region, row_number() OVER (PARTITION BY region ORDER BY id) FROM accounts ORDER BY id LIMIT 10")
            .refusable(WINDOW),
        SuiteStatement.total("window functions", "SELECT id, sum(qty) OVER (PARTITION BY id) FROM accounts ORDER BY id LIMIT 10"),
        SuiteStatement.total("window functions", "SELECT account_id, seq, row_number() OVER (PARTITION BY account_id ORDER BY amount DESC NULLS LAST, seq) AS rn FROM events ORDER BY account_id, seq"),
        SuiteStatement.total("window functions", "SELECT account_id, seq, sum(amount) OVER (PARTITION BY account_id ORDER BY seq), count(*) OVER (PARTITION BY account_id) AS n FROM events WHERE kind = 'buy' ORDER BY n DESC, 1, 2 LIMIT 40"),
        SuiteStatement.total("window functions", "SELECT e.account_id, e.seq, rank() OVER (PARTITION BY e.account_id ORDER BY e.kind), dense_rank() OVER (PARTITION BY e.account_id ORDER BY e.kind) FROM events e ORDER BY 1, 2"),
        SuiteStatement.unordered("window functions", "SELECT DISTINCT account_id, max(amount) OVER (PARTITION BY account_id) FROM events"),
        // string_agg / array_agg: without ORDER BY inside the call the order of the values is unspecified, and the
        // suite compares arrays and strings exactly; so every call here orders totally, or its groups hold one row.
        SuiteStatement.unordered("string_agg / array_agg", "SELECT region, string_agg(name, ',' ORDER BY name, id) FROM accounts GROUP BY region"),
        SuiteStatement.unordered("string_agg / array_agg", "SELECT array_agg(id ORDER BY id) FROM accounts WHERE qty = 7"),
        SuiteStatement.total("string_agg / array_agg", "SELECT region, string_agg(name, ' · ' ORDER BY score DESC NULLS FIRST, id), count(*), sum(qty), avg(score) FROM accounts GROUP BY region ORDER BY region"),
        SuiteStatement.total("string_agg / array_agg", "SELECT active, array_agg(qty ORDER BY qty DESC NULLS FIRST, id), max(opened), bool_or(qty > 5) FROM accounts WHERE id < 200 GROUP BY active ORDER BY 1"),
        SuiteStatement.total("string_agg / array_agg", "SELECT region, string_agg(name, ? ORDER BY name DESC NULLS FIRST, id) FROM accounts WHERE qty > ? GROUP BY region ORDER BY 1")
            .withParameters(" | ", 5),
        SuiteStatement.total("string_agg / array_agg", "SELECT region, array_agg(id ORDER BY id DESC), array_agg(name ORDER BY id) FROM accounts WHERE qty = ? GROUP BY region ORDER BY 1")
            .withParameters(3),
        SuiteStatement.total("string_agg / array_agg", "SELECT string_agg(name, ','), array_agg(id), count(*) FROM accounts WHERE id IS NULL"),
        SuiteStatement.total("string_agg / array_agg", "SELECT region, string_agg(CASE WHEN id IS NULL THEN name END, ','), count(*) FROM accounts GROUP BY region ORDER BY 1"),
        SuiteStatement.total("string_agg / array_agg", "SELECT region, string_agg(blob, '\\x2c'::bytea ORDER BY id) FROM accounts WHERE id < 100 GROUP BY region ORDER BY 1"),
        SuiteStatement.total("string_agg / array_agg", "SELECT array_agg(name ORDER BY id), array_agg(score ORDER BY id) FROM accounts WHERE id < 60"),
        SuiteStatement.total("string_agg / array_agg", "SELECT string_agg(code, '-' ORDER BY id), array_agg(code ORDER BY id DESC) FROM accounts WHERE id < 50"),
        SuiteStatement.total("string_agg / array_agg", "SELECT kind, string_agg(amount::text, ';' ORDER BY amount DESC NULLS FIRST, account_id, seq) AS s FROM events GROUP BY kind HAVING count(*) > 1 ORDER BY s LIMIT 3"),
        SuiteStatement.unordered("string_agg / array_agg", "SELECT id, array_agg(name), string_agg(region, '/') FROM accounts WHERE id < 30 GROUP BY id"),
        SuiteStatement.unordered("string_agg / array_agg", "SELECT array_agg(DISTINCT region) FROM accounts")
            .refusable("array_agg(DISTINCT ...) is refused: the merge would need the distinct values of every shard"),
        SuiteStatement.total("parameters (extended protocol)", "SELECT id, name FROM accounts WHERE qty > ? ORDER BY id LIMIT 20")
            .withParameters(12),
        SuiteStatement.total("parameters (extended protocol)", "SELECT region, count(*), sum(score) FROM accounts WHERE name <> ? GROUP BY region ORDER BY 1")
            .withParameters("bob"),
        SuiteStatement.unordered("parameters (extended protocol)", "SELECT count(DISTINCT kind), sum(amount) FROM events WHERE amount > ?")
            .withParameters(new java.math.BigDecimal("10.5")),
        SuiteStatement.total("parameters (extended protocol)", "SELECT serial, price FROM devices WHERE made > ? ORDER BY price DESC NULLS LAST, serial LIMIT 7")
            .withParameters(java.sql.Date.valueOf("2000-01-01")),
        SuiteStatement.total("errors as PostgreSQL gives them", "SELECT id FROM accounts ORDER BY 5"),
        SuiteStatement.unordered("errors as PostgreSQL gives them", "SELECT sum(qty) FROM accounts WHERE qty / (qty - qty) > 0"),
        SuiteStatement.unordered("errors as PostgreSQL gives them", "SELECT nosuchcolumn FROM accounts"),
        SuiteStatement.unordered("errors as PostgreSQL gives them", "SELECT max(profile) FROM accounts"));
  }
}
