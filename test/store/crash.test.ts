import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DB_FILE, openSqlitePresetStore } from '../../adapters/store/sqlite';
import { tempDir } from './tmp';

const ROOT = join(__dirname, '..', '..');
const WRITER = join(__dirname, 'crash-writer.ts');

/**
 * Runs the writer until SIGKILL at a random moment 200-800 ms after it is ready; returns the
 * names it acknowledged (printed after the save returned). Only complete lines count.
 */
function runAndKill(dir: string, prefix: string): Promise<{ acked: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', WRITER, dir, prefix], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (!timer && out.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), 200 + Math.floor(Math.random() * 600));
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (timer) clearTimeout(timer);
      const lines = out.split('\n');
      lines.pop(); // a line cut by the kill was not acknowledged
      resolve({ acked: lines.filter((l) => l !== 'ready'), signal, stderr });
    });
  });
}

describe('crash safety (SIGKILL during saves)', () => {
  test('GIVEN a writer killed at random moments THEN every acknowledged preset is there and integrity_check is ok', async () => {
    const t = tempDir();
    try {
      let total = 0;
      for (let round = 0; round < 4; round++) {
        const { acked, signal, stderr } = await runAndKill(t.dir, `r${round}`);
        expect(stderr).toBe('');
        expect(signal).toBe('SIGKILL');
        expect(acked.length).toBeGreaterThan(0);
        total += acked.length;

        // Reopen as the bot would at start-up (recovers the WAL), then check every ack.
        const r = openSqlitePresetStore({ dir: t.dir });
        if (!r.ok) throw new Error(r.reason);
        await r.store.close();
        const db = new Database(join(t.dir, DB_FILE), { readonly: true });
        try {
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          const names = new Set((db.prepare('SELECT name FROM presets').all() as { name: string }[]).map((x) => x.name));
          const missing = acked.filter((n) => !names.has(n));
          expect(missing).toEqual([]);
          expect(names.size).toBeGreaterThanOrEqual(total);
        } finally {
          db.close();
        }
      }
    } finally {
      t.cleanup();
    }
  }, 20000);
});
