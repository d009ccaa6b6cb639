/**
 * Runs a TypeScript entry point as user `nobody` (uid/gid 65534), for tests that need file modes to
 * mean something while the suite runs as root (root ignores them).
 *
 * `nobody` usually cannot read the checkout (a clone in /root is behind a 0700 directory), so the
 * entry point is bundled with esbuild (tsx's own dependency) into one file in a fresh temporary
 * directory that `nobody` can enter, next to copies of the packages the bundle leaves external
 * (native addons such as better-sqlite3, with their runtime dependencies). When `nobody` cannot
 * execute node where it is installed (under a private home), node is copied there too.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { builtinModules } from 'node:module';
import {
  chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { NOBODY, tmpRootNobodyCanEnter } from './tmp';

const ROOT = join(__dirname, '..', '..');

/** Packages that cannot be bundled (native addons); they are copied next to the bundle instead. */
const NATIVE_PACKAGES = ['better-sqlite3'];
/** Dependencies that only run at `npm install` time (fetching or building the addon). */
const INSTALL_TIME_ONLY = new Set(['prebuild-install', 'node-gyp']);

/** The part of esbuild's API used here (esbuild ships with tsx, it is not a direct dependency). */
interface Esbuild {
  buildSync(options: {
    entryPoints: string[]; outfile: string; bundle: true; platform: 'node'; format: 'cjs'; target: string;
    external: string[]; absWorkingDir: string; metafile: true; logLevel: 'silent';
  }): { metafile?: { outputs: Record<string, { imports: { path: string; external?: boolean }[] }> } };
}

function loadEsbuild(): Esbuild {
  return require(require.resolve('esbuild', { paths: [ROOT, dirname(require.resolve('tsx/package.json'))] })) as Esbuild;
}

function spawnAsNobody(cmd: string, args: string[], cwd: string, timeout: number): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd, uid: NOBODY.uid, gid: NOBODY.gid, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd },
    encoding: 'utf8', timeout,
  });
}

/**
 * Why no process can be started as `nobody` here (setuid refused: an unprivileged container, a
 * user namespace without uid 65534), or null when it can. Only meaningful when running as root.
 */
export function whyNobodyCannotRun(): string | null {
  const probe = spawnAsNobody(process.execPath, ['-e', ''], '/', 10000);
  const code = (probe.error as NodeJS.ErrnoException | undefined)?.code;
  // EACCES/ENOENT mean node is not reachable by nobody where it is installed: runAsNobody copies it.
  if (code === 'EPERM' || code === 'EINVAL') return `cannot switch to uid/gid ${NOBODY.uid}: ${probe.error?.message ?? code}`;
  return null;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Where node would find package `name` from `fromDir`, or null when it is not installed. */
function findPackage(name: string, fromDir: string): string | null {
  for (let d = fromDir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(d) === d) return null;
  }
}

/** Copies `src` to `dst`, readable by everyone; `keep(rel, isDir)` filters by path inside `src`. */
function copyTree(src: string, dst: string, keep: (rel: string, isDir: boolean) => boolean, rel = ''): void {
  mkdirSync(dst, { recursive: true });
  chmodSync(dst, 0o755);
  for (const name of readdirSync(src)) {
    const from = join(src, name);
    const to = join(dst, name);
    const childRel = rel ? `${rel}/${name}` : name;
    const st = statSync(from);
    if (!keep(childRel, st.isDirectory())) continue;
    if (st.isDirectory()) {
      copyTree(from, to, keep, childRel);
    } else if (st.isFile()) {
      copyFileSync(from, to);
      chmodSync(to, st.mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

/** Runtime files of an installed package: no nested node_modules, no addon sources or build leftovers. */
function runtimeFilter(pkgDir: string): (rel: string, isDir: boolean) => boolean {
  const native = existsSync(join(pkgDir, 'binding.gyp'));
  return (rel, isDir) => {
    if (rel === 'node_modules') return false;
    if (!native) return true;
    if (rel === 'deps' || rel === 'src') return false;
    if (rel === 'build' || rel.startsWith('build/')) return isDir || rel.endsWith('.node');
    return true;
  };
}

/** Copies package `name` (as resolved from `fromDir`) and its runtime dependencies under `dest`. */
function copyPackage(name: string, fromDir: string, dest: string, done: Set<string>, optional: boolean): void {
  const pkgDir = findPackage(name, fromDir);
  if (!pkgDir) {
    if (optional) return;
    throw new Error(`package ${name} (needed from ${fromDir}) is not installed`);
  }
  if (done.has(pkgDir)) return;
  done.add(pkgDir);
  const rel = relative(ROOT, pkgDir);
  const target = rel.startsWith('..') ? join(dest, 'node_modules', name) : join(dest, rel);
  copyTree(pkgDir, target, runtimeFilter(pkgDir));
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>;
  };
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (!INSTALL_TIME_ONLY.has(dep)) copyPackage(dep, pkgDir, dest, done, false);
  }
  for (const dep of Object.keys(manifest.optionalDependencies ?? {})) copyPackage(dep, pkgDir, dest, done, true);
}

/** Makes every directory from `dir` up to (not including) `top` mode 0755. */
function openUpTo(dir: string, top: string): void {
  for (let d = dir; d !== top && d.startsWith(top + sep); d = dirname(d)) chmodSync(d, 0o755);
}

/**
 * Bundles `entry` (a .ts file; esbuild follows its imports) and runs it with `args` as user
 * `nobody`, cwd the bundle's temporary directory, which is removed afterwards.
 */
export function runAsNobody(entry: string, args: readonly string[], timeout = 15000): SpawnSyncReturns<string> {
  const tmp = mkdtempSync(join(tmpRootNobodyCanEnter(), 'vram-as-nobody-'));
  try {
    chmodSync(tmp, 0o755);
    const outfile = join(tmp, 'child.js');
    const built = loadEsbuild().buildSync({
      entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
      external: NATIVE_PACKAGES, absWorkingDir: ROOT, metafile: true, logLevel: 'silent',
    });
    chmodSync(outfile, 0o644);

    const builtins = new Set(builtinModules);
    const imports = Object.values(built.metafile?.outputs ?? {}).flatMap((o) => o.imports);
    const externals = new Set(
      imports
        .filter((i) => i.external && !i.path.startsWith('node:') && !builtins.has(i.path))
        .map((i) => packageName(i.path)),
    );
    const done = new Set<string>();
    for (const name of externals) copyPackage(name, ROOT, tmp, done, false);
    for (const pkgDir of done) {
      const rel = relative(ROOT, pkgDir);
      if (!rel.startsWith('..')) openUpTo(dirname(join(tmp, rel)), tmp);
    }

    let node = process.execPath;
    const probe = spawnAsNobody(node, ['-e', ''], tmp, 10000);
    if (probe.error || probe.status !== 0) {
      // Not executable by nobody where it is installed (say under a 0700 home): use a copy.
      node = join(tmp, 'node');
      copyFileSync(process.execPath, node);
      chmodSync(node, 0o755);
    }
    return spawnAsNobody(node, [outfile, ...args], tmp, timeout);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
