'use strict';
// node-postgres (pg 8) through Shardgate. Usage: node node-postgres-check.js PORT DATABASE BASE_ID
// Each section's result (or its error) goes into one JSON object printed on stdout; NodePostgresIT
// asserts every value and then looks at the nodes directly.
const { Pool } = require('pg');

const [port, database, baseText] = process.argv.slice(2);
const base = Number(baseText);
const ids = Array.from({ length: 50 }, (_, i) => base + i);
const rolledBackId = base + 1000;
const committedId = base + 1001;
const multiId = base + 1002;
const connection = { host: '127.0.0.1', port: Number(port), database, user: 'postgres', connectionTimeoutMillis: 10000 };
const pool = new Pool({ ...connection, max: 5 });
const out = {};

function failure(e) {
  return { failed: { code: e.code || null, message: String(e.message), hint: e.hint || null } };
}

async function section(name, fn) {
  try {
    out[name] = await fn();
  } catch (e) {
    out[name] = failure(e);
  }
}

/** Runs fn with one pooled client; a client left in a bad state is destroyed rather than reused. */
async function withClient(fn) {
  const client = await pool.connect();
  let broken;
  try {
    return await fn(client);
  } catch (e) {
    broken = e;
    throw e;
  } finally {
    client.release(broken);
  }
}

async function main() {
  await section('inserts', async () => {
    // 50 parameterised INSERTs at once over 5 pooled connections: keys of every shard on every connection
    const results = await Promise.all(ids.map((id) =>
      pool.query('INSERT INTO users (id, name) VALUES ($1, $2)', [id, `node ${id}`])));
    return results.map((r) => `${r.command} ${r.rowCount}`);
  });

  await section('selects', async () => {
    const results = await Promise.all(ids.map((id) => pool.query('SELECT name FROM users WHERE id = $1', [id])));
    return results.map((r) => r.rows.map((row) => row.name));
  });

  await section('namedConcurrent', async () => {
    // a named statement: parsed once per connection, then bound with keys of other shards
    const results = await Promise.all(ids.map((id) => pool.query({
      name: 'by-id', text: 'SELECT id, name FROM users WHERE id = $1', values: [id],
    })));
    return results.map((r) => r.rows);
  });

  await section('namedOneConnection', () => withClient(async (client) => {
    const rows = [];
    for (const id of ids.slice(0, 16)) {
      const r = await client.query({ name: 'by-id', text: 'SELECT id, name FROM users WHERE id = $1', values: [id] });
      rows.push(...r.rows);
    }
    return rows;
  }));

  await section('rolledBack', () => withClient(async (client) => {
    const begin = await client.query('BEGIN');
    const insert = await client.query('INSERT INTO users (id, name) VALUES ($1, $2)', [rolledBackId, 'rolled back']);
    const inside = await client.query('SELECT name FROM users WHERE id = $1', [rolledBackId]);
    const rollback = await client.query('ROLLBACK');
    const after = await client.query('SELECT count(*)::int AS n FROM users WHERE id = $1', [rolledBackId]);
    return {
      begin: begin.command, insert: insert.rowCount, inside: inside.rows.map((r) => r.name),
      rollback: rollback.command, countAfter: after.rows[0].n,
    };
  }));

  await section('committed', () => withClient(async (client) => {
    await client.query('BEGIN');
    await client.query('INSERT INTO users (id, name) VALUES ($1, $2)', [committedId, 'committed']);
    await client.query('INSERT INTO orders (user_id, total) VALUES ($1, $2), ($1, $3)', [committedId, '1.50', '2.25']);
    const commit = await client.query('COMMIT');
    const sum = await client.query('SELECT count(*)::int AS n, sum(total)::text AS total FROM orders WHERE user_id = $1',
      [committedId]);
    return { commit: commit.command, orders: sum.rows[0].n, total: sum.rows[0].total };
  }));

  await section('refused', async () => {
    try {
      await pool.query('INSERT INTO users (name) VALUES ($1)', ['x']);
      return { code: null };
    } catch (e) {
      return failure(e).failed;
    }
  });

  await section('sameConnectionAfterError', () => withClient(async (client) => {
    let code = null;
    try {
      // a colo table next to an unsharded one: refused with 0A000 (a key-less SELECT alone now fans out)
      await client.query('SELECT u.name FROM users u JOIN plans p ON p.name = u.name WHERE u.email = $1', ['nobody']);
    } catch (e) {
      code = e.code;
    }
    const r = await client.query('SELECT name FROM users WHERE id = $1', [ids[0]]);
    return { code, name: r.rows[0] && r.rows[0].name };
  }));

  await section('errorInTransaction', () => withClient(async (client) => {
    const codes = [];
    await client.query('BEGIN');
    await client.query('SELECT name FROM users WHERE id = $1', [ids[1]]);
    // a colo table joined with an unsharded one: refused (0A000), which aborts the transaction
    const refused = 'SELECT u.name FROM users u JOIN plans p ON p.name = u.name WHERE u.name = $1';
    for (const sql of [refused, 'SELECT name FROM users WHERE id = $1']) {
      try {
        await client.query(sql, sql === refused ? ['x'] : [ids[1]]);
        codes.push(null);
      } catch (e) {
        codes.push(e.code);
      }
    }
    const rollback = await client.query('ROLLBACK');
    const after = await client.query('SELECT name FROM users WHERE id = $1', [ids[1]]);
    return { codes, rollback: rollback.command, after: after.rows.map((r) => r.name) };
  }));

  await section('simpleProtocol', async () => {
    // no parameters: node-postgres sends a simple Query
    const r = await pool.query('SELECT name FROM plans ORDER BY price');
    return r.rows.map((row) => row.name);
  });

  await section('multiStatementSimpleQuery', async () => {
    // several statements in one simple Query: one result per statement
    const results = await pool.query(`INSERT INTO users (id, name) VALUES (${multiId}, 'multi'); `
      + `SELECT name FROM users WHERE id = ${multiId}; SELECT count(*)::int AS n FROM plans`);
    return results.map((r) => ({ command: r.command, rows: r.rows }));
  });

  await section('startupParameters', async () => {
    // application_name and statement_timeout travel in the StartupMessage and must hold on every shard
    const tuned = new Pool({ ...connection, max: 1, application_name: 'node-check', statement_timeout: 1000 });
    try {
      const r = await tuned.query(`SELECT current_setting('application_name') AS app,
          current_setting('statement_timeout') AS timeout FROM users WHERE id = $1`, [ids[2]]);
      let sleepCode = null;
      try {
        await tuned.query('SELECT pg_sleep(2) FROM users WHERE id = $1', [ids[3]]);
      } catch (e) {
        sleepCode = e.code;
      }
      return { rows: r.rows, sleepCode };
    } finally {
      await tuned.end();
    }
  });

  await section('rowArraysAndTypes', async () => {
    // rowMode 'array' and node-postgres' type parsing of what the shard sends back
    const r = await pool.query({
      text: 'SELECT id, name, $2::int4 + 1 AS nxt, id > $2 AS flag, 1.50::numeric(4,2) AS num FROM users WHERE id = $1',
      values: [ids[4], 41], rowMode: 'array',
    });
    return { rows: r.rows, types: r.rows[0].map((v) => typeof v), fields: r.fields.map((f) => f.name) };
  });

  await pool.end();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
