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
  test('GIVEN src/ THEN no file system at all (the PNG rasteriser and its font files live in adapters/chart)', () => {
    for (const f of srcFiles) {
      const text = readFileSync(f, 'utf8');
      expect(`${relative(ROOT, f)}: ${/from 'node:fs'|require\('node:fs'\)|from 'fs'|@resvg/.test(text) ? 'uses fs or resvg' : 'ok'}`).toBe(`${relative(ROOT, f)}: ok`);
    }
  });
  test('GIVEN commands/ THEN no process I/O: no files, streams, environment, exit, console, network or child processes', () => {
    const forbidden = [
      /from 'node:(fs|readline|http|https|net|child_process|worker_threads)'/, /process\.(stdout|stderr|stdin|exit|argv|env)\b/,
      /\bconsole\.(log|error|warn|info)/, /from 'discord\.js'/, /from '@slack\//, /from 'better-sqlite3'/, /\bfetch\(/,
    ];
    for (const f of commandFiles) {
      const text = readFileSync(f, 'utf8');
      for (const re of forbidden) expect(`${relative(ROOT, f)}: ${re.test(text) ? re.source : 'ok'}`).toBe(`${relative(ROOT, f)}: ok`);
    }
  });
  test('GIVEN src/estimator/ THEN it never imports formatting (only the byte units)', () => {
    for (const f of srcFiles.filter((x) => relative(ROOT, x).startsWith(join('src', 'estimator')))) {
      for (const i of imports(readFileSync(f, 'utf8'))) {
        expect(`${relative(ROOT, f)} -> ${i}`).not.toMatch(/-> \.\.\/format\/(?!units$)/);
        expect(`${relative(ROOT, f)} -> ${i}`).not.toMatch(/-> \.\.\/reply\//);
      }
    }
  });
  test('GIVEN src/format/ THEN it does not depend on the estimator\'s constants (units live in src/format)', () => {
    for (const f of srcFiles.filter((x) => relative(ROOT, x).startsWith(join('src', 'format')))) {
      for (const i of imports(readFileSync(f, 'utf8'))) expect(`${relative(ROOT, f)} -> ${i}`).not.toMatch(/estimator\/constants/);
    }
  });
  test('GIVEN the whole tree THEN one "Something went wrong" reply, built in src/reply/types.ts', () => {
    const all = [...srcFiles, ...commandFiles, ...files(join(ROOT, 'adapters'))];
    const builders = all.filter((f) => /Something went wrong on my side/.test(readFileSync(f, 'utf8')));
    expect(builders.map((f) => relative(ROOT, f))).toEqual([join('src', 'reply', 'types.ts')]);
  });
  test('GIVEN the Discord adapter THEN it never rewrites reply text (no regex over a reply\'s strings for commands)', () => {
    for (const f of files(join(ROOT, 'adapters', 'discord'))) {
      expect(`${relative(ROOT, f)}: ${/\/vram \(|discordText|replace\(new RegExp/.test(readFileSync(f, 'utf8')) ? 'rewrites' : 'ok'}`).toBe(`${relative(ROOT, f)}: ok`);
    }
  });
});
