/**
 * The command registry: one file per command, registered here. `dispatch` takes the text after
 * `/vram` and the caller's context, and always returns a reply (bugs included: see
 * `safeDispatch`).
 */
import { closest, distance } from 'fastest-levenshtein';
import { describeInputError } from '../src/config';
import { errorReply, type Reply } from '../src/reply/types';
import { estimateCommand, inputErrorReply } from './estimate';
import { parseLine } from './grammar';
import { gpusCommand } from './gpus';
import { helpCommand, helpReply } from './help';
import { modelsCommand } from './models';
import { fitCommand } from './fit';
import { compareCommand } from './compare';
import { presetCommand } from './preset';
import type { Command, CommandContext, CommandServices } from './types';

/** Subcommands selected by the first word; the estimate runs when the text starts with a pair. */
export const SUBCOMMANDS: readonly Command[] = [helpCommand, modelsCommand, gpusCommand, fitCommand, compareCommand, presetCommand];
export const COMMANDS: readonly Command[] = [estimateCommand, ...SUBCOMMANDS];

export function findSubcommand(word: string): Command | undefined {
  const w = word.toLowerCase();
  return SUBCOMMANDS.find((c) => c.name === w || c.aliases?.includes(w));
}

/** Runs the command that `text` names. Never throws for bad input; may throw on bugs. */
export async function dispatch(text: string, ctx: CommandContext, services?: CommandServices): Promise<Reply> {
  const m = /^\s*([^\s:=]+)(?:\s+|$)([\s\S]*)$/.exec(text);
  const raw = m?.[1] ? findSubcommand(m[1]) : undefined;
  if (raw?.rawText) return raw.run({ words: [], args: {}, text: (m?.[2] ?? '').trim(), ctx, services });
  const parsed = parseLine(text);
  if (!parsed.ok) return inputErrorReply(parsed.errors);
  const { words, args } = parsed.value;
  if (words.length === 0 && Object.keys(args).length === 0) return helpReply(SUBCOMMANDS.filter((c) => c !== helpCommand));
  if (words.length === 0) return estimateCommand.run({ words: [], args, text, ctx, services });
  const [first, ...rest] = words as [string, ...string[]];
  const cmd = findSubcommand(first);
  if (!cmd) {
    const names = SUBCOMMANDS.map((c) => c.name);
    const best = closest(first.toLowerCase(), names);
    const near = distance(first.toLowerCase(), best) <= 2;
    return errorReply(`Unknown command \`${first}\``, [
      `\`${first}\` is not a command.${near ? ` Did you mean \`${best}\`?` : ''} Commands: ${names.map((n) => `\`${n}\``).join(', ')}; or give \`key:value\` pairs for an estimate, e.g. \`model:llama-3.1-8b lora:true\`.`,
    ]);
  }
  if (cmd === helpCommand) return helpReply(SUBCOMMANDS.filter((c) => c !== helpCommand));
  const after = text.trim().slice(text.trim().toLowerCase().indexOf(first.toLowerCase()) + first.length).trim();
  return cmd.run({ words: rest, args, text: after, ctx, services });
}

let counter = 0;
/** A short id for a failure, shown to the user and written to the log. */
export function newErrorId(): string {
  counter = (counter + 1) % 1296;
  return `${Date.now().toString(36).slice(-5)}${counter.toString(36).padStart(2, '0')}`;
}

/**
 * dispatch, but a bug becomes a polite reply with an error id that also goes to `log`
 * (the user always gets an answer).
 */
export async function safeDispatch(text: string, ctx: CommandContext, log: (msg: string, err: unknown) => void, services?: CommandServices): Promise<Reply> {
  try {
    return await dispatch(text, ctx, services);
  } catch (err) {
    const id = newErrorId();
    log(`command failed (error id ${id})`, err);
    return errorReply('Something went wrong', [`Something went wrong on my side while answering that. Please try again; if it keeps happening, report error id \`${id}\`.`], { errorId: id });
  }
}

export { describeInputError };
