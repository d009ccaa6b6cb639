/**
 * Child process of `chart-pool.test.ts`: renders one chart through the worker pool and prints
 * what came back as JSON. Run from a working directory outside the repository, under the tsx
 * loader (as `npm start` runs the bot), to show that the worker file loads from anywhere.
 */
import { createChartPool } from '../../adapters/chart/pool';
import { SIMPLE } from '../chart/fixtures';

async function main(): Promise<void> {
  const pool = createChartPool({ threads: 1 });
  const out = await pool.render({ title: 't', severity: 'success', fields: [], sections: [], notes: [], visibility: 'channel', chart: SIMPLE });
  await pool.close();
  const file = out.ok ? out.file : undefined;
  process.stdout.write(`${JSON.stringify({ ok: out.ok, bytes: file?.data.length ?? 0, signature: file?.data.subarray(0, 4).toString('hex') ?? '', cwd: process.cwd(), error: out.ok ? undefined : out.error.message })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
