package io.shardgate.router.corpus;

import java.util.List;

/**
 * A small data set for the corpus schema: tenants 1 and 7 (both on shard tenant_0002, n1), 2 (tenant_0005,
 * n2) and 42 (tenant_0007, n2); NULLs in most nullable columns; non-ASCII text (umlauts, CJK, emoji) in
 * names, keys and values; explicit ids everywhere, since each node has its own sequences. Timestamps are
 * fixed; rows meant to be "recent" lie in 2030 so that {@code now() - interval} conditions select them for
 * years to come.
 */
final class CorpusData {
  private CorpusData() {}

  /** Rows written through the router (colo tables land on their shards, unsharded ones on the home node). */
  static final List<String> ROUTED = List.of(
      // users (tenant colo, keyed by tenant_id)
      "INSERT INTO users (id, tenant_id, email, name, password, is_active, is_staff, created_at, updated_at, deleted_at, last_login, profile, tags, version) VALUES (1001, 42, 'a@example.com', 'Ann', 'x', true, true, '2024-01-05 10:00:00+00', NULL, NULL, '2024-05-01 08:00:00+00', '{\"city\": \"Berlin\", \"prefs\": {\"theme\": \"dark\"}, \"address\": {\"zip\": \"10115\"}}', '{admin,beta,ops}', 1)",
      "INSERT INTO users (id, tenant_id, email, name, password, is_active, is_staff, created_at, updated_at, deleted_at, last_login, profile, tags, version) VALUES (1002, 42, 'zoë@example.org', 'Zoë', NULL, false, false, '2024-02-01 00:00:00+00', '2024-02-02 00:00:00+00', '2024-03-01 00:00:00+00', NULL, '{}', '{}', 0)",
      "INSERT INTO users (id, tenant_id, email, name, password, is_active, is_staff, created_at, updated_at, deleted_at, last_login, profile, tags, version) VALUES (1003, 1, 'bob@gmail.com', NULL, NULL, true, false, '2024-01-10 00:00:00+00', NULL, NULL, NULL, '{\"city\": \"Paris\", \"address\": {\"zip\": \"75001\"}}', '{user}', 0)",
      "INSERT INTO users (id, tenant_id, email, name, password, is_active, is_staff, created_at, updated_at, deleted_at, last_login, profile, tags, version) VALUES (1004, 1, 'carol@yahoo.com', '', 'pw', true, false, '2030-01-01 00:00:00+00', NULL, NULL, NULL, '{}', '{admin}', 2)",
      "INSERT INTO users (id, tenant_id, email, name, password, is_active, is_staff, created_at, updated_at, deleted_at, last_login, profile, tags, version) VALUES (1005, 2, '東京@example.jp', '東京太郎', NULL, true, false, '2024-03-03 03:03:03+00', NULL, NULL, NULL, '{\"city\": \"東京\"}', '{admin,user}', 0)",
      "INSERT INTO users (id, tenant_id, email, name, password, is_active, is_staff, created_at, updated_at, deleted_at, last_login, profile, tags, version) VALUES (1006, 7, 'dave@example.com', 'Dave 🚀', NULL, NULL, false, '2024-04-04 04:04:04+00', NULL, NULL, NULL, NULL, NULL, 0)",
      "INSERT INTO users (id, tenant_id, email, name, password, is_active, is_staff, created_at, updated_at, deleted_at, last_login, profile, tags, version) VALUES (1007, 2, 'eve@example.org', 'Ève', NULL, true, false, '2024-05-05 05:05:05+00', NULL, '2024-06-01 00:00:00+00', NULL, '{}', '{}', 0)",
      // orders: created_at unique, so ORDER BY created_at is a total order
      "INSERT INTO orders (id, tenant_id, user_id, status, total, currency, created_at, updated_at, shipped_at, metadata) VALUES (1, 42, 1001, 'paid', 120.50, 'EUR', '2024-04-01 10:00:00+00', NULL, '2024-04-02 09:00:00+00', '{}')",
      "INSERT INTO orders (id, tenant_id, user_id, status, total, currency, created_at, updated_at, shipped_at, metadata) VALUES (2, 42, 1001, 'shipped', 80.00, 'EUR', '2024-04-03 11:00:00+00', '2024-04-05 12:00:00+00', '2024-04-05 12:00:00+00', '{\"gift\": true}')",
      "INSERT INTO orders (id, tenant_id, user_id, status, total, currency, created_at, updated_at, shipped_at, metadata) VALUES (3, 42, 1002, 'new', 300.00, NULL, '2030-01-02 00:00:00+00', NULL, NULL, '{}')",
      "INSERT INTO orders (id, tenant_id, user_id, status, total, currency, created_at, updated_at, shipped_at, metadata) VALUES (4, 42, 1001, 'cancelled', 150.00, 'EUR', '2024-04-10 10:00:00+00', NULL, NULL, NULL)",
      "INSERT INTO orders (id, tenant_id, user_id, status, total, currency, created_at, updated_at, shipped_at, metadata) VALUES (5, 1, 1003, 'paid', 999.99, 'USD', '2024-03-01 00:00:00+00', NULL, '2024-03-02 00:00:00+00', '{}')",
      "INSERT INTO orders (id, tenant_id, user_id, status, total, currency, created_at, updated_at, shipped_at, metadata) VALUES (6, 1, 1003, 'new', 101.00, 'USD', '2024-03-05 00:00:00+00', NULL, NULL, '{}')",
      "INSERT INTO orders (id, tenant_id, user_id, status, total, currency, created_at, updated_at, shipped_at, metadata) VALUES (7, 1, 1004, 'shipped', 250.00, 'USD', '2030-01-03 00:00:00+00', NULL, '2030-01-04 00:00:00+00', '{}')",
      "INSERT INTO orders (id, tenant_id, user_id, status, total, currency, created_at, updated_at, shipped_at, metadata) VALUES (8, 2, 1005, 'paid', 5000.00, 'JPY', '2024-05-01 00:00:00+00', NULL, '2024-05-02 00:00:00+00', '{\"note\": \"配達\"}')",
      "INSERT INTO orders (id, tenant_id, user_id, status, total, currency, created_at, updated_at, shipped_at, metadata) VALUES (9, 2, 1005, 'new', 110.00, 'JPY', '2024-05-03 00:00:00+00', NULL, NULL, '{}')",
      "INSERT INTO orders (id, tenant_id, user_id, status, total, currency, created_at, updated_at, shipped_at, metadata) VALUES (10, 7, 1006, 'paid', 130.00, 'EUR', '2024-06-01 00:00:00+00', NULL, '2024-06-03 00:00:00+00', '{}')",
      "INSERT INTO order_items (id, tenant_id, order_id, product_id, quantity, unit_price, discount) VALUES (1, 42, 1, 1, 2, 50.25, 0), (2, 42, 1, 2, 1, 20.00, 0), (3, 42, 2, 2, 4, 20.00, 5.50), (6, 42, 4, 1, 3, 50.00, 0)",
      "INSERT INTO order_items (id, tenant_id, order_id, product_id, quantity, unit_price, discount) VALUES (4, 1, 5, 3, 1, 999.99, NULL)",
      "INSERT INTO order_items (id, tenant_id, order_id, product_id, quantity, unit_price, discount) VALUES (5, 2, 8, 4, 10, 500.00, 0)",
      "INSERT INTO products (id, tenant_id, sku, name, description, price, stock, category_id, attributes, search_vector) VALUES (1, 42, 'W-1', 'Red Widget', 'A red widget', 50.25, 10, 2, '{\"color\": \"red\"}', to_tsvector('english', 'Red Widget'))",
      "INSERT INTO products (id, tenant_id, sku, name, description, price, stock, category_id, attributes, search_vector) VALUES (2, 42, 'G-1', 'Blue Gadget', NULL, 20.00, 0, 1, NULL, to_tsvector('english', 'Blue Gadget'))",
      "INSERT INTO products (id, tenant_id, sku, name, description, price, stock, category_id, attributes, search_vector) VALUES (3, 1, 'B-1', 'Bücher über Straßen', 'Ümlaut', 999.99, 3, 3, '{}', to_tsvector('simple', 'Bücher über Straßen'))",
      "INSERT INTO products (id, tenant_id, sku, name, description, price, stock, category_id, attributes, search_vector) VALUES (4, 2, 'T-1', '抹茶 Widget', NULL, 500.00, 100, NULL, NULL, to_tsvector('english', '抹茶 Widget'))",
      "INSERT INTO inventory (tenant_id, sku, qty, updated_at) VALUES (42, 'W-1', 10, '2024-04-01 00:00:00+00'), (42, 'G-1', 0, NULL)",
      "INSERT INTO inventory (tenant_id, sku, qty, updated_at) VALUES (1, 'B-1', 3, NULL)",
      "INSERT INTO inventory_updates (tenant_id, sku, delta) VALUES (42, 'W-1', -2), (42, 'W-1', 5)",
      "INSERT INTO events (id, tenant_id, user_id, kind, payload, occurred_at) VALUES (1, 42, 1001, 'click', '{\"type\": \"click\", \"x\": 1}', '2024-04-01 00:00:00+00'), (2, 42, 1002, 'view', '{\"type\": \"view\"}', '2024-04-02 00:00:00+00')",
      "INSERT INTO events (id, tenant_id, user_id, kind, payload, occurred_at) VALUES (3, 1, 1003, 'click', '{\"type\": \"click\"}', '2024-04-03 00:00:00+00')",
      "INSERT INTO events (id, tenant_id, user_id, kind, payload, occurred_at) VALUES (4, 2, NULL, NULL, NULL, '2024-04-04 00:00:00+00')",
      "INSERT INTO accounts (id, tenant_id, owner_id, balance, currency, updated_at) VALUES (1, 42, 1001, 500.00, 'EUR', NULL), (2, 42, 1002, 20.00, 'EUR', NULL)",
      "INSERT INTO accounts (id, tenant_id, owner_id, balance, currency, updated_at) VALUES (3, 1, 1003, 0.00, 'USD', '2024-01-01 00:00:00+00')",
      "INSERT INTO accounts (id, tenant_id, owner_id, balance, currency, updated_at) VALUES (4, 2, 1005, 1000000.00, 'JPY', NULL)",
      "INSERT INTO transfers (id, tenant_id, from_account, to_account, amount, created_at) VALUES (1, 42, 1, 2, 10.00, '2024-04-01 00:00:00+00')",
      "INSERT INTO settings (tenant_id, key, value) VALUES (42, 'theme', 'dark'), (42, 'locale', 'de_DE')",
      "INSERT INTO settings (tenant_id, key, value) VALUES (1, 'theme', NULL)",
      "INSERT INTO settings (tenant_id, key, value) VALUES (2, 'locale', 'ja_JP'), (2, 'grüße', 'こんにちは')",
      "INSERT INTO notifications (id, tenant_id, user_id, type, title, read_at, created_at) VALUES (1, 42, 1001, 'order', 'Bestellung versandt ✓', NULL, '2024-04-02 09:00:00+00')",
      "INSERT INTO audit_log (id, tenant_id, actor_id, action, entity, entity_id, diff, at) VALUES (1, 42, 1001, 'login', 'user', 1001, NULL, '2024-04-01 00:00:00+00')",
      "INSERT INTO daily_stats (tenant_id, day, year, month, views) VALUES (42, '2024-04-01', 2024, 4, 100), (42, '2024-04-02', 2024, 4, 150), (42, '2024-05-01', 2024, 5, 1)",
      "INSERT INTO daily_stats (tenant_id, day, year, month, views) VALUES (1, '2024-04-01', 2024, 4, 7)",
      // pgbench colo (keyed by aid): one statement per row, each aid has its own shard
      "INSERT INTO pgbench_accounts (aid, bid, abalance, filler) VALUES (1, 1, 0, NULL)",
      "INSERT INTO pgbench_accounts (aid, bid, abalance, filler) VALUES (2, 1, 10, 'x')",
      "INSERT INTO pgbench_accounts (aid, bid, abalance, filler) VALUES (3, 1, -5, NULL)",
      "INSERT INTO pgbench_accounts (aid, bid, abalance, filler) VALUES (4, 2, 0, NULL)",
      // unsharded (home node)
      "INSERT INTO pgbench_branches (bid, bbalance, filler) VALUES (1, 0, NULL), (2, 0, NULL)",
      "INSERT INTO pgbench_tellers (tid, bid, tbalance, filler) VALUES (1, 1, 0, NULL), (2, 1, 0, NULL), (3, 2, 0, NULL)",
      "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime, filler) VALUES (1, 1, 1, 5, '2024-01-01 00:00:00', NULL)",
      "INSERT INTO jobs (id, queue, payload, status, run_at, locked_at, locked_by, attempts, priority, last_error) VALUES (1, 'default', '{\"task\": \"mail\"}', 'pending', '2024-01-01 00:00:00+00', NULL, NULL, 0, 5, NULL), (2, 'default', '{\"task\": \"report\"}', 'pending', '2024-01-02 00:00:00+00', NULL, NULL, 1, 5, 'timeout'), (3, 'default', '{\"task\": \"old\"}', 'done', '2020-01-01 00:00:00+00', NULL, NULL, 1, 0, NULL), (4, 'critical', '{\"task\": \"page\"}', 'pending', '2030-01-01 00:00:00+00', NULL, NULL, 0, 9, NULL)",
      "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ('00000000-0000-0000-0000-000000000001', 1001, '\\x00ff', '2020-01-01 00:00:00+00'), ('00000000-0000-0000-0000-000000000002', 1003, NULL, '2030-01-01 00:00:00+00')",
      "INSERT INTO auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) VALUES (1, 'pbkdf2_sha256$1', NULL, false, 'ann', 'Ann', 'Lee', 'a@example.com', false, true, '2024-01-01 00:00:00+00'), (2, 'pbkdf2_sha256$2', '2024-02-02 00:00:00+00', true, 'jürgen', 'Jürgen', 'Groß', 'j@example.de', true, true, '2024-01-02 00:00:00+00')",
      "INSERT INTO django_session (session_key, session_data, expire_date) VALUES ('abc123', 'e30:sessiondata…', '2030-01-01 00:00:00+00'), ('old', 'x', '2020-01-01 00:00:00+00')",
      "INSERT INTO blog_post (id, author_id, title, slug, body, published_at, status) VALUES (1, 1, 'One', 'one', 'b', '2024-01-15 00:00:00+00', 'published'), (2, 1, 'Two', 'two', 'b', '2024-01-20 00:00:00+00', 'published'), (3, 1, 'Drei', 'drei', 'ä', '2024-02-01 00:00:00+00', 'published'), (4, 1, 'Four', 'four', '', '2024-02-10 00:00:00+00', 'published'), (5, 1, 'Five', 'five', NULL, '2024-03-01 00:00:00+00', 'published'), (6, 1, 'Six', 'six', 'b', NULL, 'draft'), (7, 2, '七', 'seven', '本文', '2024-03-05 00:00:00+00', 'published')",
      "INSERT INTO schema_migrations (version) VALUES ('20240101000000'), ('20240201000000')",
      "INSERT INTO ar_internal_metadata (key, value, created_at, updated_at) VALUES ('environment', 'test', '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
      "INSERT INTO \"User\" (id, email, name, \"createdAt\", \"tenantId\") VALUES (1, 'u1@example.com', 'Uma', '2024-01-01 00:00:00', 42), (2, 'u2@example.com', NULL, '2024-01-02 00:00:00', NULL)",
      "INSERT INTO \"Post\" (id, title, content, published, \"authorId\", \"createdAt\") VALUES (1, 'Hello', 'Body', true, 1, '2024-01-01 00:00:00'), (2, 'Draft', NULL, false, 1, '2024-01-02 00:00:00'), (3, 'Other', 'x', true, 2, '2024-01-03 00:00:00')");

  /** Reference-table rows: the router refuses writes to reference tables, so these go to every node directly. */
  static final List<String> EVERY_NODE = List.of(
      "INSERT INTO categories (id, tenant_id, parent_id, name) VALUES (1, NULL, NULL, 'Tools'), (2, NULL, 1, 'Widgets'), (3, NULL, NULL, 'Bücher')");

  /**
   * Puts every sequence of the database at the same place, before each compared statement: each node has its
   * own sequences (and nextval survives a rollback), so generated ids only agree when all start equal.
   */
  static final String RESET_SEQUENCES = "DO $$DECLARE s record; BEGIN"
      + " FOR s IN SELECT schemaname, sequencename FROM pg_sequences LOOP"
      + " PERFORM setval(format('%I.%I', s.schemaname, s.sequencename), 5000, false); END LOOP; END$$";
}
