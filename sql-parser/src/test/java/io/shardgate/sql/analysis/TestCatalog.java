package io.shardgate.sql.analysis;

import java.util.Map;
import java.util.Optional;

/** The shard keys the analyzer tests assume. */
final class TestCatalog {

    static final ShardKeyCatalog CATALOG = table -> Optional.ofNullable(Map.of(
            "users", "id",
            "orders", "user_id",
            "order_items", "tenant_id",
            "accounts", "id",
            "events", "tenant_id",
            "settings", "tenant_id",
            "Post", "authorId").get(table));

    static final StatementAnalyzer ANALYZER = new StatementAnalyzer(CATALOG);

    private TestCatalog() {
    }
}
