import { chmodSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** uid/gid of `nobody`: what tests that need an unprivileged user run as (see as-nobody.ts). */
export const NOBODY = { uid: 65534, gid: 65534 } as const;

/** Whether user `nobody` may enter `dir` and every directory above it (plain mode bits; ACLs aside). */
export function nobodyCanEnter(dir: string): boolean {
  let p: string;
  try { p = realpathSync(dir); } catch { return false; }
  for (;;) {
    const st = statSync(p);
    const bit = st.uid === NOBODY.uid ? 0o100 : st.gid === NOBODY.gid ? 0o010 : 0o001;
    if (!st.isDirectory() || (st.mode & bit) === 0) return false;
    const up = dirname(p);
    if (up === p) return true;
    p = up;
  }
}

/**
 * A directory to make temporary directories in that user `nobody` can reach: `os.tmpdir()` when it
 * can (TMPDIR may point into a private home), else /tmp or /var/tmp. Throws when none can.
 */
export function tmpRootNobodyCanEnter(): string {
  const candidates = [tmpdir(), '/tmp', '/var/tmp'];
  const found = candidates.find(nobodyCanEnter);
  if (!found) throw new Error(`no temporary directory that user nobody can enter (tried ${candidates.join(', ')})`);
  return found;
}

/**
 * A fresh temporary directory, removed by `cleanup()`. With `nobodyCanEnter`, it lies where user
 * `nobody` can reach it and is mode 0755 (for tests that run a child process as that user).
 */
export function tempDir(
  prefix = 'vram-presets-',
  opts: { nobodyCanEnter?: boolean } = {},
): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(opts.nobodyCanEnter ? tmpRootNobodyCanEnter() : tmpdir(), prefix));
  if (opts.nobodyCanEnter) chmodSync(dir, 0o755);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
