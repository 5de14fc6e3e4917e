'use strict';
// node-postgres (pg 8) over TLS to Shardgate (tls.mode required).
// Usage: node node-postgres-ssl.js PORT DATABASE CA_FILE BASE_ID
// Prints one JSON object: each section's result or its error; NodePostgresIT asserts them.
const fs = require('fs');
const { Client, Pool } = require('pg');

const [port, database, caFile, baseText] = process.argv.slice(2);
const base = Number(baseText);
const ca = fs.readFileSync(caFile, 'utf8');
const connection = { host: '127.0.0.1', port: Number(port), database, user: 'postgres', connectionTimeoutMillis: 10000 };
const out = {};

function failure(e) {
  return { failed: { code: e.code || null, message: String(e.message) } };
}

async function section(name, fn) {
  try {
    out[name] = await fn();
  } catch (e) {
    out[name] = failure(e);
  }
}

/** Connects one client with {@code ssl}, runs fn, and reports whether the socket was encrypted. */
async function withClient(ssl, fn) {
  const client = new Client({ ...connection, ssl });
  await client.connect();
  try {
    const encrypted = Boolean(client.connection.stream.encrypted);
    return { encrypted, result: await fn(client) };
  } finally {
    await client.end();
  }
}

async function main() {
  await section('noVerification', () => withClient({ rejectUnauthorized: false },
    async (c) => (await c.query('SELECT 1 AS one')).rows[0].one));

  await section('verifiedWithTestCa', () => withClient({ ca, rejectUnauthorized: true },
    async (c) => (await c.query('SELECT name FROM plans ORDER BY name')).rows.map((r) => r.name)));

  await section('verificationWithoutTheCaFails', () => withClient({ rejectUnauthorized: true },
    async () => 'connected without the CA'));

  await section('plainTextRefused', () => withClient(false, async () => 'connected in plain text'));

  await section('poolOverTls', async () => {
    const pool = new Pool({ ...connection, ssl: { ca, rejectUnauthorized: true }, max: 3 });
    try {
      const ids = Array.from({ length: 12 }, (_, i) => base + i);
      await Promise.all(ids.map((id) => pool.query('INSERT INTO users (id, name) VALUES ($1, $2)', [id, `tls ${id}`])));
      const rows = await Promise.all(ids.map((id) => pool.query('SELECT name FROM users WHERE id = $1', [id])));
      return rows.map((r) => r.rows.map((row) => row.name)[0]);
    } finally {
      await pool.end();
    }
  });

  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
