/**
 * The command registry: one implementation per declared command (`declarations.ts`). `dispatch`
 * runs an invocation and always returns a reply: a bug becomes the one failure reply, with an
 * error id that is also in the log.
 */
import { failureReply, type Reply } from '../src/reply/types';
import { compareCommand } from './compare';
import { SUBCOMMAND_SPECS } from './declarations';
import { estimateCommand } from './estimate';
import { fitCommand } from './fit';
import { gpusCommand } from './gpus';
import { helpCommand } from './help';
import { modelsCommand } from './models';
import { presetCommand } from './preset';
import { accuracyCommand, recordCommand } from './record';
import { newErrorId } from './ids';
import type { Command, CommandName, CommandServices, Invocation } from './types';

export const COMMANDS: Readonly<Record<CommandName, Command>> = {
  estimate: estimateCommand, help: helpCommand, models: modelsCommand, gpus: gpusCommand, fit: fitCommand, compare: compareCommand, preset: presetCommand, record: recordCommand, accuracy: accuracyCommand,
};

/** The subcommands in the order help and Discord list them. */
export const SUBCOMMANDS: readonly Command[] = SUBCOMMAND_SPECS.map((s) => COMMANDS[s.name]);

export { newErrorId };

/**
 * Runs an invocation. Bad input is a reply, never an exception; a bug is caught here and becomes
 * the failure reply, logged with its id.
 */
export async function dispatch(inv: Invocation, services: CommandServices): Promise<Reply> {
  try {
    return await COMMANDS[inv.command].run(inv, services);
  } catch (err) {
    const id = newErrorId();
    services.log?.(`command failed (error id ${id})`, err, { errorId: id, command: inv.command });
    return failureReply(id);
  }
}

/** Whether an invocation may need the platform's admin check (a preset action that changes what others use). */
export function mayNeedAdmin(inv: Pick<Invocation, 'command' | 'action'> & { readonly args?: Invocation['args'] }): boolean {
  const spec = SUBCOMMAND_SPECS.find((s) => s.name === inv.command);
  if (spec?.params.mutatingKeys?.some((k) => inv.args?.[k] !== undefined)) return true;
  return spec?.actions?.list.some((a) => a.name === inv.action && a.mutates) ?? false;
}
