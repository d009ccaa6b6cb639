/**
 * The deployment files (Dockerfile, compose.yaml, .dockerignore) checked for the facts that
 * matter, without Docker: the image is multi-stage with the typecheck gating it, installs only
 * production dependencies, runs as a non-root user, keeps DATA_DIR on a volume and checks
 * `/healthz` on a port the app serves; compose starts the bot only once PostgreSQL is healthy
 * and points DATABASE_URL at it. And the runtime's import graph (from adapters/main.ts, the
 * image's entry point) only needs packages listed in `dependencies`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { EnvSchema, parseEnv } from '../../adapters/env';
import { startOpsServer, type OpsState } from '../../adapters/ops/health';
import { createMetrics } from '../../adapters/ops/metrics';

const ROOT = join(__dirname, '..', '..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

// js-yaml is installed (jest depends on it); it has no bundled types, hence the narrow cast.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// ---------------------------------------------------------------------------------------------
// The Dockerfile, parsed line by line (continuations joined, comments dropped).

interface Instruction { readonly op: string; readonly args: string; readonly line: number }
interface Stage { readonly image: string; readonly name: string | undefined; readonly body: Instruction[] }

function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (pending === '' && /^\s*#/.test(line)) return;
    if (pending !== '' && /^\s*#/.test(line)) return; // a comment inside a continuation
    if (pending === '') startLine = i + 1;
    const cont = line.endsWith('\\');
    pending += `${cont ? line.slice(0, -1) : line} `;
    if (cont) return;
    const joined = pending.trim();
    pending = '';
    if (joined === '') return;
    const m = /^(\w+)\s+([\s\S]*)$/.exec(joined);
    if (m?.[1] && m[2] !== undefined) instructions.push({ op: m[1].toUpperCase(), args: m[2].replace(/\s+/g, ' ').trim(), line: startLine });
  });
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      stages.push({ image: m?.[1] ?? ins.args, name: m?.[2], body: [] });
    } else {
      const last = stages.at(-1);
      if (!last) throw new Error(`Dockerfile line ${ins.line}: ${ins.op} before any FROM`);
      last.body.push(ins);
    }
  }
  return stages;
}

/** ENV in both forms (`ENV A=1 B=2`, `ENV A 1`). */
function envOf(stage: Stage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ins of stage.body.filter((i) => i.op === 'ENV')) {
    if (/^\w+=/.test(ins.args)) for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) out[m[1] ?? ''] = (m[2] ?? '').replace(/^"|"$/g, '');
    else { const [k, ...v] = ins.args.split(' '); if (k) out[k] = v.join(' '); }
  }
  return out;
}

/** An exec-form (JSON array) argument list, or the shell form as one string. */
function execForm(args: string): string[] {
  const a = args.trim();
  return a.startsWith('[') ? JSON.parse(a) as string[] : [a];
}

/** Does the version `major` satisfy an engines range like `>=20 <21 || >=22` (majors only)? */
function satisfiesMajor(range: string, major: number): boolean {
  return range.split('||').some((part) => part.trim().split(/\s+/).every((c) => {
    const m = /^(>=|<=|>|<|=)?v?(\d+)/.exec(c);
    if (!m) throw new Error(`engines comparator not understood: ${c}`);
    const n = Number(m[2]);
    switch (m[1]) {
      case '>=': return major >= n;
      case '>': return major > n;
      case '<': return major < n;
      case '<=': return major <= n;
      default: return major === n;
    }
  }));
}

const stages = parseDockerfile(read('Dockerfile'));
const runtime = stages.at(-1) as Stage;
const runtimeEnv = envOf(runtime);
const runs = (s: Stage): string[] => s.body.filter((i) => i.op === 'RUN').map((i) => i.args);

describe('Dockerfile', () => {
  test('GIVEN the Dockerfile THEN it has a build stage and a runtime stage, the runtime on node:20-bookworm-slim, a Node that package.json engines allows', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime.image).toBe('node:20-bookworm-slim');
    expect(satisfiesMajor(pkg.engines.node, 20)).toBe(true);
    // The checker itself: 21 is outside ">=20 <21 || >=22", 22 inside.
    expect(satisfiesMajor('>=20 <21 || >=22', 21)).toBe(false);
    expect(satisfiesMajor('>=20 <21 || >=22', 22)).toBe(true);
    for (const s of stages) expect(s.image).toMatch(/^node:20(\.|-|$)/);
  });

  test('GIVEN the build stage THEN it installs every dependency (npm ci without --omit) and runs the typecheck', () => {
    const build = stages.find((s) => s.name === 'build');
    expect(build).toBeDefined();
    const r = runs(build as Stage);
    expect(r.some((c) => /\bnpm ci\b/.test(c) && !/--omit/.test(c) && !/--production/.test(c))).toBe(true);
    expect(r.some((c) => /\btsc --noEmit\b/.test(c) || /\bnpm run typecheck\b/.test(c))).toBe(true);
  });

  test('GIVEN the runtime stage THEN npm ci --omit=dev, and its sources come from the build stage (so the typecheck gates the image)', () => {
    const ci = runs(runtime).filter((c) => /\bnpm ci\b/.test(c));
    expect(ci.length).toBe(1);
    expect(ci[0]).toMatch(/--omit=dev\b/);
    const fromBuild = runtime.body.filter((i) => i.op === 'COPY' && /--from=build\b/.test(i.args));
    expect(fromBuild.length).toBeGreaterThan(0);
    // No dev dependency installed any other way.
    expect(runs(runtime).some((c) => /\bnpm (install|i)\b/.test(c))).toBe(false);
  });

  test('GIVEN the runtime stage THEN the last USER is not root and comes before CMD', () => {
    const users = runtime.body.filter((i) => i.op === 'USER');
    const last = users.at(-1);
    expect(last).toBeDefined();
    expect(['root', '0', '0:0', 'root:root']).not.toContain(last?.args);
    const cmd = runtime.body.find((i) => i.op === 'CMD');
    expect(cmd).toBeDefined();
    expect((last as Instruction).line).toBeLessThan((cmd as Instruction).line);
  });

  test('GIVEN the runtime stage THEN DATA_DIR is set and is a VOLUME, owned by that user', () => {
    const dataDir = runtimeEnv.DATA_DIR;
    expect(dataDir).toBeDefined();
    const volumes = runtime.body.filter((i) => i.op === 'VOLUME').flatMap((i) => execForm(i.args).flatMap((v) => v.split(' ')));
    expect(volumes).toContain(dataDir);
    const user = runtime.body.filter((i) => i.op === 'USER').at(-1)?.args ?? '';
    expect(runs(runtime).some((c) => c.includes(`chown ${user}:${user} ${dataDir}`) || c.includes(`chown ${user} ${dataDir}`))).toBe(true);
  });

  test('GIVEN the runtime stage THEN PORT and OPS_PORT are EXPOSEd and are ports the app accepts', () => {
    const exposed = runtime.body.filter((i) => i.op === 'EXPOSE').flatMap((i) => i.args.split(' ')).map((p) => p.replace(/\/tcp$/, ''));
    expect(exposed).toContain(runtimeEnv.PORT);
    expect(exposed).toContain(runtimeEnv.OPS_PORT);
    const env = EnvSchema.parse({ PORT: runtimeEnv.PORT, OPS_PORT: runtimeEnv.OPS_PORT, DATA_DIR: runtimeEnv.DATA_DIR });
    expect(env.PORT).toBe(3000);
    expect(env.OPS_PORT).toBe(9090);
  });

  test('GIVEN the HEALTHCHECK THEN it asks /healthz on OPS_PORT, the port adapters/main.ts serves the ops routes on in every mode', () => {
    const hc = runtime.body.filter((i) => i.op === 'HEALTHCHECK');
    expect(hc.length).toBe(1);
    const m = /\bCMD\s+(\[.*\])\s*$/.exec(hc[0]?.args ?? '');
    expect(m).not.toBeNull();
    const argv = JSON.parse(m?.[1] ?? '[]') as string[];
    expect(argv[0]).toBe('node');
    const script = argv.join(' ');
    expect(script).toContain("'http://127.0.0.1:' + (process.env.OPS_PORT || process.env.PORT) + '/healthz'");
    // It exits non-zero on a failed or non-2xx answer.
    expect(script).toMatch(/process\.exit\(r\.ok \? 0 : 1\)/);
    // The app side: main.ts starts the ops server on env.OPS_PORT, serves the same routes on the
    // Slack HTTP server (PORT, the fallback), and the routes include GET /healthz.
    expect(read('adapters/main.ts')).toMatch(/startOpsServer\(env\.OPS_PORT,/);
    expect(read('adapters/main.ts')).toMatch(/customRoutes: opsRoutes\(/);
    expect(read('adapters/ops/health.ts')).toMatch(/path: '\/healthz', method: 'GET'/);
  });

  test('GIVEN the HEALTHCHECK command run as Docker runs it THEN exit 0 against the real ops server, 1 once it is gone, and PORT when OPS_PORT is empty', async () => {
    const hc = runtime.body.find((i) => i.op === 'HEALTHCHECK');
    const argv = JSON.parse(/\bCMD\s+(\[.*\])\s*$/.exec(hc?.args ?? '')?.[1] ?? '[]') as string[];
    const [, ...args] = argv;
    // `node` in the image is this Node.
    const probe = (env: Record<string, string>): Promise<number | null> => new Promise((done) => {
      const c = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
      c.once('exit', (code) => done(code));
    });
    const state: OpsState = { adapters: () => [{ name: 'slack', ready: false }], storeOpen: () => false, draining: () => false, metrics: createMetrics({ defaults: false }) };
    const srv = await startOpsServer(0, '127.0.0.1', state);
    const port = String(srv.port);
    try {
      // Liveness, not readiness: healthy while the adapter is not ready yet.
      expect(await probe({ OPS_PORT: port, PORT: '1' })).toBe(0);
      expect(await probe({ OPS_PORT: '', PORT: port })).toBe(0);
    } finally {
      await srv.close();
    }
    expect(await probe({ OPS_PORT: port, PORT: '1' })).toBe(1);
  });

  test('GIVEN CMD THEN it runs adapters/main.ts (the file `npm start` runs) with tsx in one node process', () => {
    const cmd = runtime.body.filter((i) => i.op === 'CMD').at(-1);
    const argv = execForm(cmd?.args ?? '');
    expect(argv).toEqual(['node', '--import', 'tsx', 'adapters/main.ts']);
    expect(pkg.scripts.start).toBe('tsx adapters/main.ts');
    expect(pkg.dependencies.tsx).toBeDefined();
  });

  test('GIVEN the runtime graph THEN every top-level folder it reaches is copied into the runtime stage', () => {
    const copied = runtime.body.filter((i) => i.op === 'COPY').map((i) => i.args.replace(/^--\S+\s+/, '').split(' ')[0] ?? '')
      .map((src) => src.replace(/^\/app\//, '').replace(/\/$/, ''));
    const folders = new Set([...runtimeGraph().files].map((f) => relative(ROOT, f).split('/')[0] ?? ''));
    expect([...folders].sort()).toEqual(['adapters', 'commands', 'src']);
    for (const f of folders) expect(copied).toContain(f);
    expect(copied).toContain('tsconfig.json');
  });
});

describe('.dockerignore', () => {
  test('GIVEN .dockerignore THEN local modules, secrets, state and git stay out of the build context', () => {
    const lines = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const p of ['node_modules', '.env', 'data', '.git']) expect(lines).toContain(p);
    // The sources the build stage copies are not ignored.
    for (const p of ['src', 'commands', 'adapters', 'test', 'package-lock.json']) expect(lines).not.toContain(p);
  });
});

// ---------------------------------------------------------------------------------------------
// compose.yaml

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  env_file?: string | string[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test: string[] | string };
  volumes?: string[];
  ports?: string[];
  stop_grace_period?: string;
}

const compose = yaml.load(read('compose.yaml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };

/** `${VAR}`, `${VAR:-x}`, `${VAR:?msg}` filled with `value` (as compose would from .env). */
const interpolate = (s: string, value: string): string => s.replace(/\$\{(\w+)(?::?[-?][^}]*)?\}/g, () => value);

/** "30s", "1m30s" in ms. */
function durationMs(s: string): number {
  let ms = 0;
  for (const m of s.matchAll(/(\d+)(ms|s|m|h)/g)) ms += Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']);
  return ms;
}

describe('compose.yaml', () => {
  const db = compose.services.db as Service;
  const bot = compose.services.bot as Service;

  test('GIVEN compose.yaml THEN a db service on postgres 17 or 18 with a named volume and a pg_isready healthcheck', () => {
    expect(db).toBeDefined();
    expect(db.image).toMatch(/^postgres:1[78](\b|$)/);
    const vol = (db.volumes ?? []).map((v) => v.split(':'));
    expect(vol.some(([name, path]) => name !== undefined && name in (compose.volumes ?? {}) && path?.startsWith('/var/lib/postgresql'))).toBe(true);
    const test = db.healthcheck?.test;
    expect(Array.isArray(test) ? test.join(' ') : test).toMatch(/pg_isready\b/);
  });

  test('GIVEN the bot service THEN it is built from this Dockerfile, reads .env, and waits for db with condition service_healthy', () => {
    expect(bot).toBeDefined();
    expect(bot.build).toBe('.');
    expect(bot.env_file).toBe('.env');
    expect(bot.depends_on?.db?.condition).toBe('service_healthy');
  });

  test('GIVEN the bot DATABASE_URL THEN it names the db service and its user and database, and adapters/env.ts accepts it', () => {
    const url = bot.environment?.DATABASE_URL;
    expect(url).toBeDefined();
    const filled = interpolate(url ?? '', 'secret123');
    const u = new URL(filled);
    expect(u.hostname).toBe('db');
    expect(u.port).toBe('5432');
    expect(u.username).toBe(db.environment?.POSTGRES_USER);
    expect(u.pathname).toBe(`/${db.environment?.POSTGRES_DB}`);
    // The same variable feeds both sides.
    expect(url).toContain('${POSTGRES_PASSWORD');
    expect(db.environment?.POSTGRES_PASSWORD).toContain('${POSTGRES_PASSWORD');
    const parsed = parseEnv({ DATABASE_URL: filled });
    expect(parsed.ok).toBe(true);
  });

  test('GIVEN the bot healthcheck THEN it asks /healthz on the OPS_PORT the service sets, which the image exposes', () => {
    const test = bot.healthcheck?.test;
    const joined = Array.isArray(test) ? test.join(' ') : String(test);
    const port = bot.environment?.OPS_PORT;
    expect(port).toBe(runtimeEnv.OPS_PORT);
    expect(joined).toContain(`http://127.0.0.1:${port}/healthz`);
  });

  test('GIVEN the bot service THEN DATA_DIR is the image volume path, the Slack port is published, and the stop grace period outlasts the drain', () => {
    expect(bot.environment?.DATA_DIR).toBe(runtimeEnv.DATA_DIR);
    expect(bot.environment?.PORT).toBe(runtimeEnv.PORT);
    expect((bot.volumes ?? []).some((v) => v.endsWith(`:${runtimeEnv.DATA_DIR}`))).toBe(true);
    expect((bot.ports ?? []).some((p) => p.endsWith(`:${runtimeEnv.PORT}`))).toBe(true);
    const drainDefault = EnvSchema.parse({}).DRAIN_TIMEOUT_MS;
    expect(drainDefault).toBe(20_000);
    expect(durationMs(bot.stop_grace_period ?? '10s')).toBeGreaterThan(drainDefault);
  });

  test('GIVEN the bot environment THEN no chat token is written into compose.yaml (they come from .env)', () => {
    for (const k of Object.keys(bot.environment ?? {})) expect(k).not.toMatch(/TOKEN|SECRET/);
    expect(read('compose.yaml')).not.toMatch(/xox[bpa]-|xapp-/);
  });
});

// ---------------------------------------------------------------------------------------------
// The runtime import graph from adapters/main.ts.

/** Resolves a relative specifier to a file, as Node/tsx would (.ts, .js, .json, /index.*). */
function resolveLocal(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.js`, `${base}.json`, join(base, 'index.ts'), join(base, 'index.js')]) {
    if (existsSync(c) && !c.endsWith('/') && (c.endsWith('.ts') || c.endsWith('.js') || c.endsWith('.json'))) return c;
  }
  throw new Error(`${relative(ROOT, from)}: cannot resolve '${spec}'`);
}

/** The package a bare specifier loads (`@scope/name/sub` -> `@scope/name`). */
const packageOf = (spec: string): string => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] ?? spec);

const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '')));
const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0] ?? spec);

/**
 * The specifiers one file loads at run time: value imports and re-exports (not `import type` /
 * `export type`), `require()` and `import()` with a literal, and worker files named beside the
 * module (`join(__dirname, 'x.js')`, as adapters/chart/pool.ts names its piscina worker).
 */
function runtimeSpecifiers(file: string, text = file.endsWith('.json') ? '' : readFileSync(file, 'utf8')): string[] {
  if (file.endsWith('.json')) return [];
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = clause?.isTypeOnly === true
        || (clause !== undefined && clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings)
          && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) out.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      if (!node.isTypeOnly) out.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node)) {
      const [arg0, arg1] = node.arguments;
      const callee = node.expression;
      const isRequireResolve = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require' && callee.name.text === 'resolve';
      if ((callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require') || isRequireResolve) && arg0 && ts.isStringLiteral(arg0)) out.push(arg0.text);
      if (ts.isIdentifier(callee) && callee.text === 'join' && arg0 && ts.isIdentifier(arg0) && arg0.text === '__dirname'
        && arg1 && ts.isStringLiteral(arg1) && /\.(ts|js)$/.test(arg1.text) && node.arguments.length === 2) out.push(`./${arg1.text}`);
    }
    // A package's asset named by path for require.resolve (the chart fonts, adapters/chart/png.ts FONT_PATHS).
    if (ts.isStringLiteral(node) && ASSET_PATH.test(node.text) && !out.includes(node.text)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** `@scope/pkg/dir/file.ttf`, `pkg/file.wasm`: a file inside a package, loaded by path. */
const ASSET_PATH = /^(@[\w.-]+\/)?[\w.-]+\/[\w./-]+\.(ttf|otf|woff2?|wasm|node)$/;

let graph: { files: Set<string>; packages: Map<string, string> } | undefined;
/** Every local file reached from adapters/main.ts, and every package with the first file importing it. */
function runtimeGraph(): { files: Set<string>; packages: Map<string, string> } {
  if (graph) return graph;
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [join(ROOT, 'adapters', 'main.ts')];
  while (queue.length > 0) {
    const f = queue.pop() as string;
    if (files.has(f)) continue;
    files.add(f);
    for (const spec of runtimeSpecifiers(f)) {
      if (spec.startsWith('.') || spec.startsWith('/')) queue.push(resolveLocal(f, spec));
      else if (!isBuiltin(spec) && !packages.has(packageOf(spec))) packages.set(packageOf(spec), relative(ROOT, f));
    }
  }
  graph = { files, packages };
  return graph;
}

describe('runtime dependencies', () => {
  test('GIVEN the import graph from adapters/main.ts THEN it is the real one: it reaches the Slack, Discord and PostgreSQL adapters and the chart worker', () => {
    const { files, packages } = runtimeGraph();
    const rel = [...files].map((f) => relative(ROOT, f));
    for (const f of ['adapters/slack/index.ts', 'adapters/discord/index.ts', 'adapters/store/postgres.ts', 'adapters/chart/png-worker.js', 'src/estimator/estimate.ts']) expect(rel).toContain(f);
    // Nothing from the tests, benches or scripts is loaded at run time.
    expect(rel.filter((f) => /^(test|bench|scripts)\//.test(f))).toEqual([]);
    for (const p of ['@slack/bolt', 'discord.js', 'pg', 'better-sqlite3', 'zod', 'dotenv', 'pino', 'piscina', '@resvg/resvg-js', '@expo-google-fonts/inter']) expect([...packages.keys()]).toContain(p);
  });

  test('GIVEN every package the runtime graph imports THEN it is in dependencies (npm ci --omit=dev installs it), not only in devDependencies', () => {
    const { packages } = runtimeGraph();
    const missing = [...packages].filter(([p]) => pkg.dependencies[p] === undefined).map(([p, by]) => `${p} (imported by ${by})`);
    expect(missing).toEqual([]);
  });

  test('GIVEN the walker on a probe file THEN type-only imports and comments are not runtime loads; values, re-exports, require, import() and worker files are', () => {
    const probe = [
      "import type { A } from 'typeonly';",
      "import { type B, type C } from 'alltypes';",
      "export type { D } from 'typeexport';",
      "import { e, type F } from 'valuepkg';",
      "import './side-effect';",
      "export { g } from 'reexported';",
      "const h = require('required');",
      "const i = () => import('lazy');",
      "const w = join(__dirname, 'worker.js');",
      "const r = require.resolve('resolved');",
      "const FONTS = ['@fonts/inter/400/Inter.ttf'];",
      "/** @param {import('jsdoc-only').T} t */",
    ].join('\n');
    expect(runtimeSpecifiers(join(ROOT, 'probe.ts'), probe)).toEqual(['valuepkg', './side-effect', 'reexported', 'required', 'lazy', './worker.js', 'resolved', '@fonts/inter/400/Inter.ttf']);
    expect(packageOf('@slack/bolt/dist/x')).toBe('@slack/bolt');
    expect(packageOf('pg')).toBe('pg');
    expect(isBuiltin('node:fs')).toBe(true);
    expect(isBuiltin('fs/promises')).toBe(true);
    expect(isBuiltin('pg')).toBe(false);
  });
});
