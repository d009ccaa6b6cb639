/**
 * The CLI adapter: `npm run -s vram -- <what you would type after /vram> [flags]`. It parses the
 * arguments with the one grammar, runs the invocation, and prints the reply as text or JSON.
 * See {@link HELP} for the flags. Bad input: exit code 2 and the friendly message on stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve as resolvePath } from 'node:path';
import { createHandler, type Core } from '../../commands/handler';
import { parseInvocation } from '../../commands/grammar';
import { reportFromResolved } from '../../commands/estimate-line';
import { problemReply } from '../../commands/errors';
import type { CommandContext, Invocation } from '../../commands/types';
import type { ParamDef, Result } from '../../src/config';
import { archFromConfig } from '../../src/hub/config';
import { describeHubError } from '../../src/hub/errors';
import { estimateReply } from '../../src/reply/estimate-reply';
import { roundBytes } from '../../src/reply/json';
import { renderConsole } from '../console/render';
import type { Reply } from '../../src/reply/types';
import { resolveArgsAsync, type Report } from '../../src/report';
import { openSqlitePresetStore } from '../store/sqlite';
import { renderChartPng } from '../chart/png';

export const HELP = `vram: GPU memory for fine-tuning and serving, from the command line.

Usage: npm run -s vram -- [flags] <arguments>
  <arguments> is what you would type after /vram in chat: key:value pairs for an estimate
  (model:llama-3.1-8b lora:true gpu:rtx4090), or a command: help, models [query], gpus,
  fit gpu:<id> <args>, compare <args> vs <args>, preset <action> ...

Flags:
  --json         print the answer as one JSON object (every command; byte fields are integers)
  --jsonl        read lines from stdin (one set of arguments per line, any command) and print
                 exactly one JSON object per line, {"line": n, ...}; a blank or bad line gives
                 {"line": n, "error": {...}} and the batch goes on
  --chart PATH   also write an estimate's chart as a PNG (--chart=PATH works too)
  --help, -h     this text

CLI-only key: config:<path> estimates a model from a local config.json.
Presets are read from and saved to DATA_DIR (default ./data), as by the bot.
Exit codes: 0 answered, 2 bad input (the message on stderr), 1 internal error.`;

/** The CLI's own key: a local config.json instead of `model:` (chat commands never read files). */
export const CONFIG_KEY: ParamDef = {
  key: 'config', aliases: [], spec: { kind: 'text', maxLength: 4096 }, help: 'a local config.json to estimate (CLI only)', example: 'config:./config.json',
};

const CTX: CommandContext = { platform: 'cli', teamId: 'local', channelId: 'cli', userId: 'cli', isAdmin: true };

interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly stdin: () => Promise<Buffer>;
  readonly dataDir: string;
  /** Whether stdout is a terminal (bold and colour in text replies). */
  readonly color: boolean;
}

const defaultIo = (): Io => ({
  out: (s) => { process.stdout.write(s); },
  err: (s) => { process.stderr.write(s); },
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
    return Buffer.concat(chunks);
  },
  dataDir: process.env.DATA_DIR?.trim() || './data',
  color: process.stdout.isTTY === true,
});

/**
 * Takes `--chart PATH` / `--chart=PATH` out of the arguments.
 * @returns the path (if any) and the other arguments, or the message for a missing path
 */
export function takeChartFlag(argv: readonly string[]): { ok: true; path?: string; rest: string[] } | { ok: false; message: string } {
  const i = argv.findIndex((a) => a === '--chart' || a.startsWith('--chart='));
  const flag = argv[i];
  if (i < 0 || flag === undefined) return { ok: true, rest: [...argv] };
  const inline = flag.startsWith('--chart=');
  const path = inline ? flag.slice('--chart='.length) : argv[i + 1];
  if (!path || path.startsWith('--')) return { ok: false, message: '--chart needs a file name, e.g. `--chart out.png`.' };
  return { ok: true, path, rest: [...argv.slice(0, i), ...argv.slice(i + (inline ? 1 : 2))] };
}

const FLAGS = ['--json', '--jsonl', '--help', '-h'];

/**
 * The shell has already removed the quotes of `model:"A 100"`; put them back so the grammar
 * reads one value, as it would from chat.
 */
export function argText(args: readonly string[]): string {
  return args.map((a) => {
    if (!/[\s"']/.test(a)) return a;
    const m = /^([A-Za-z][\w.-]*)([:=])(.*)$/s.exec(a);
    const [head, value] = m ? [`${m[1]}${m[2]}`, m[3] ?? ''] : ['', a];
    const q = value.includes('"') ? "'" : '"';
    return `${head}${q}${value}${q}`;
  }).join(' ');
}

/**
 * `config:<path>`: estimate a model from a local config.json. The file is read here, at the
 * edge; the architecture comes from the same reader as Hub configs.
 */
export async function reportFromLocalConfig(args: Invocation['args']): Promise<Result<Report>> {
  const { config, ...rest } = args;
  const path = String(config ?? '');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { ok: false, errors: [{ code: 'unknown_model', key: 'config', value: `config:${path}`, detail: `I could not read it as JSON (${err instanceof Error ? err.message : String(err)}).` }] };
  }
  const name = basename(dirname(resolvePath(path))).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[-.]+/, '') || 'config';
  const id = `local/${name}`;
  const arch = archFromConfig(id, json, { source: `local file ${path}` });
  if (!arch.ok) return { ok: false, errors: arch.errors.map((e) => ({ code: 'unknown_model' as const, key: 'config', value: `config:${path}`, detail: describeHubError(e) })) };
  const resolved = await resolveArgsAsync({ ...rest, model: id }, () => ({ ok: true, value: { arch: arch.value, note: `model read from the local config ${path}` } }));
  if (!resolved.ok) return resolved;
  return { ok: true, value: reportFromResolved(resolved.value) };
}

/** A core whose preset store is opened only when the invocation needs it. */
function coreFor(inv: Invocation | null, io: Io): Core {
  const needsStore = inv !== null && (inv.command === 'preset' || inv.args.preset !== undefined || (inv.sides ?? []).some((s) => s.preset !== undefined));
  const presets = needsStore ? openSqlitePresetStore({ dir: io.dataDir }) : undefined;
  return createHandler({ ...(presets ? { presets } : {}), log: (msg, e) => io.err(`vram: ${msg}${e instanceof Error ? `: ${e.message}` : ''}\n`) });
}

/** One line of arguments to a reply: parse, then the local config or the registry. */
async function answer(line: string, io: Io): Promise<Reply> {
  // The grammar, with the CLI's `config:` key allowed next to the estimate's.
  const p = parseInvocation(line, CTX, { extraKeys: [CONFIG_KEY] });
  if (!p.ok) return coreFor(null, io).rejected(p.errors, CTX);
  const inv = p.value;
  if (inv.command === 'estimate' && inv.args.config !== undefined) {
    const r = await reportFromLocalConfig(inv.args);
    if (!r.ok) return problemReply(r.errors, CTX, "I can't estimate that");
    return estimateReply(r.value, inv.flags.private ? 'private' : 'channel', { how: inv.flags.how });
  }
  if (inv.args.config !== undefined) return problemReply([{ code: 'unexpected_key', key: 'config', command: inv.command, allowed: ['config'] }], CTX, "I can't answer that");
  return coreFor(inv, io).handle(inv);
}

/** The reply as the JSON the CLI prints. */
export function replyJson(reply: Reply): Record<string, unknown> {
  const data = reply.data?.();
  const base = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : { title: reply.title, description: reply.description ?? '' };
  return roundBytes(base);
}

/** Splits stdin into lines on `\n` only (a lone `\r` is not a line break; `\r\n` is). */
export function stdinLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '' && text.endsWith('\n')) lines.pop();
  if (text === '') return [];
  return lines;
}

async function runJsonl(io: Io): Promise<number> {
  const lines = stdinLines((await io.stdin()).toString('utf8'));
  for (const [i, line] of lines.entries()) {
    const n = i + 1;
    if (line.trim() === '') {
      io.out(`${JSON.stringify({ line: n, error: { code: 'blank_line', message: 'This line is blank: give the arguments of one command per line.' } })}\n`);
      continue;
    }
    const reply = await answer(line, io);
    io.out(`${JSON.stringify({ line: n, ...replyJson(reply) })}\n`);
  }
  return 0;
}

export async function main(allArgs: readonly string[], io: Io = defaultIo()): Promise<number> {
  const chart = takeChartFlag(allArgs);
  if (!chart.ok) {
    io.err(`${chart.message}\n`);
    return 2;
  }
  const argv = chart.rest;
  const flags = new Set(argv.filter((a) => a.startsWith('-') && !/^-\d/.test(a)));
  const unknown = [...flags].filter((f) => !FLAGS.includes(f));
  if (unknown.length > 0) {
    io.err(`Unknown flag${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `\`${f}\``).join(', ')}. Flags: --json, --jsonl, --chart PATH, --help.\n`);
    return 2;
  }
  if (flags.has('--help') || flags.has('-h')) {
    io.out(`${HELP}\n`);
    return 0;
  }
  if (flags.has('--jsonl')) return runJsonl(io);
  const rest = argv.filter((a) => !flags.has(a));
  const reply = await answer(argText(rest), io);
  const failed = reply.severity === 'error';
  if (flags.has('--json')) io.out(`${JSON.stringify(replyJson(reply))}\n`);
  if (failed) {
    io.err(`${reply.description ?? reply.title}\n`);
    return reply.errorId ? 1 : 2;
  }
  // Text for a terminal: Markdown rendered (bold in colour on a TTY, plain otherwise), 100 columns.
  if (!flags.has('--json')) io.out(`${renderConsole({ ...reply, visibility: 'channel' }, { color: io.color })}\n`);
  if (chart.path) {
    if (!reply.chart) {
      io.err('--chart: this answer has no chart (only estimates do).\n');
      return 2;
    }
    writeFileSync(chart.path, renderChartPng(reply.chart));
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
    process.stderr.write(`vram: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
