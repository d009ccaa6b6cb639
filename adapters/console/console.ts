/**
 * The local console chat: type the same slash commands as in Slack (`/vram model:... `) and
 * see the same replies as text. Interactive with a TTY; with piped stdin it answers line by
 * line and exits 0 at end of input, so it can be scripted and tested.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createHandler, type Core } from '../../commands/handler';
import type { CommandContext } from '../../commands/types';
import { renderConsole, renderConsoleText } from './render';

export interface ConsoleOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly interactive: boolean;
  readonly log: (msg: string, err?: unknown) => void;
  /** The command core (with the preset store and the Hub); default: one without presets. */
  readonly core?: Core;
  /** ANSI bold and colour in replies. Default: whether `output` is a TTY. */
  readonly color?: boolean;
  /** Who is typing (default {@link CONSOLE_CTX}: the local user, an admin of the local team). */
  readonly context?: CommandContext;
}

export const CONSOLE_CTX: CommandContext = { platform: 'console', teamId: 'local', channelId: 'console', userId: 'local-user', isAdmin: true };

/** Strips the slash command word: `/vram model:x` -> `model:x`; `vram ...` works too. */
export function commandText(line: string): { text: string } | { other: string } | null {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return null;
  const m = /^\/?vram\b(.*)$/is.exec(t);
  if (m) return { text: (m[1] ?? '').trim() };
  if (/^\/?(quit|exit)$/i.test(t)) return { other: 'quit' };
  if (t.startsWith('/')) return { other: `Unknown slash command \`${t.split(/\s+/)[0]}\`. Try \`/vram help\`.` };
  // A bare argument line is taken as /vram arguments.
  return { text: t };
}

/** Runs the console until end of input (or `/quit`). Resolves when done. */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const core = opts.core ?? createHandler({ log: opts.log });
  const rl = createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: opts.interactive, crlfDelay: Infinity });
  const color = opts.color ?? (opts.output as NodeJS.WriteStream).isTTY === true;
  const write = (s: string): void => { opts.output.write(`${s}\n`); };
  const say = (s: string): void => { write(renderConsoleText(s, { color })); };
  if (opts.interactive) {
    say('vram-bot console. Type `/vram help`, or e.g. `/vram model:llama-3.1-8b lora:true gpu:rtx4090`. `/quit` to leave.');
    rl.setPrompt('> ');
    rl.prompt();
  }
  for await (const line of rl) {
    const cmd = commandText(line);
    if (cmd === null) { if (opts.interactive) rl.prompt(); continue; }
    if ('other' in cmd) {
      if (cmd.other === 'quit') break;
      say(cmd.other);
    } else {
      // The line is parsed here, once, by the one grammar; the command gets the invocation.
      const ctx = opts.context ?? CONSOLE_CTX;
      const p = core.parse(cmd.text, ctx);
      const reply = p.ok ? await core.handle(p.value) : core.rejected(p.errors, ctx);
      write(renderConsole(reply, { color }));
      if (!opts.interactive) write('');
    }
    if (opts.interactive) rl.prompt();
  }
  rl.close();
}
