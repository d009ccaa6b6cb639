/**
 * One transaction on one pooled PostgreSQL client, for every store that keeps state there (the
 * preset store, the Hub cache).
 */
import type { Pool, PoolClient } from 'pg';

/**
 * Runs `f` in one transaction on one pooled client. Any error rolls back and discards the client
 * (release(err)), so a broken connection is not handed out again.
 */
export async function pgTransaction<T>(pool: Pool, f: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // pg-pool removes its idle 'error' listener while a client is checked out: a connection lost
  // between two queries of this transaction must not become an unhandled 'error' event.
  const onError = (): void => undefined;
  client.on('error', onError);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const out = await f(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
