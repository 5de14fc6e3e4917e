package io.shardgate.router.fanout;

import org.apache.calcite.sql.SqlNode;

/**
 * One ORDER BY entry: the tokens and Calcite node of its expression, and its direction with PostgreSQL's
 * NULL placement (NULLS LAST for ASC, NULLS FIRST for DESC unless written).
 */
record OrderItem(Span expression, SqlNode node, boolean descending, boolean nullsFirst) {}
