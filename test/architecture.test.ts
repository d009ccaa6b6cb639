/**
 * The layering rules of STYLE.md, checked on the source: adapters -> commands -> src, and src/
 * is pure (no process.env, console, file or network I/O, no chat SDKs).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const imports = (src: string): string[] => [...src.matchAll(/(?:from|import)\s+'([^']+)'/g)].map((m) => m[1] ?? '');

describe('architecture', () => {
  const srcFiles = files(join(ROOT, 'src'));
  const commandFiles = files(join(ROOT, 'commands'));

  test('GIVEN src/ THEN nothing imports commands/ or adapters/', () => {
    for (const f of srcFiles) {
      for (const i of imports(readFileSync(f, 'utf8'))) {
        expect(`${relative(ROOT, f)} -> ${i}`).not.toMatch(/-> (\.\.\/)+(commands|adapters)\//);
      }
    }
  });
  test('GIVEN commands/ THEN nothing imports adapters/', () => {
    for (const f of commandFiles) {
      for (const i of imports(readFileSync(f, 'utf8'))) expect(`${relative(ROOT, f)} -> ${i}`).not.toMatch(/-> (\.\.\/)+adapters\//);
    }
  });
  test('GIVEN src/ THEN no chat SDK, database, network, environment or console use', () => {
    const forbidden = [/from 'discord\.js'/, /from '@slack\//, /from 'better-sqlite3'/, /from 'node:(http|https|net|child_process)'/, /process\.env/, /\bconsole\.(log|error|warn|info)/, /\bfetch\(/];
    for (const f of srcFiles) {
      const text = readFileSync(f, 'utf8');
      for (const re of forbidden) expect(`${relative(ROOT, f)}: ${re.test(text) ? re.source : 'ok'}`).toBe(`${relative(ROOT, f)}: ok`);
    }
  });
  test('GIVEN src/ THEN files are only read by the chart renderer (its bundled font files), never written', () => {
    for (const f of srcFiles) {
      const text = readFileSync(f, 'utf8');
      const usesFs = /from 'node:fs'|require\('node:fs'\)|from 'fs'/.test(text);
      if (usesFs) expect(relative(ROOT, f)).toBe(join('src', 'chart', 'png.ts'));
      expect(/^(?!\s*\*).*\b(writeFile|appendFile|mkdir|unlink)\w*\(/m.test(text)).toBe(false);
    }
  });
});
