/**
 * The `preset:` key of the estimate: resolves an explicit `preset:<name>` or the channel's
 * pinned preset into plain pairs before `buildConfig` sees them, and says in a note which
 * values came from where. `preset` is never an estimator key.
 */
import type { ArgValue, Args } from '../src/config';
import { fail, ok, type Result } from '../src/result';
import { cmd } from '../src/reply/syntax';
import { scopeOf, type Preset } from '../src/store/presets';
import type { PresetError } from './errors';
import { chosenKeys, loadPresetArgs, mergePresetArgs, type Merged } from './preset-args';
import { findPreset, mention, nearNames, parseName, unavailable, withStore } from './preset-common';
import type { CommandContext, CommandServices } from './types';

export interface Applied {
  readonly args: Record<string, ArgValue>;
  /** Where the values came from, for the reply's notes. */
  readonly notes: readonly string[];
  /** Presets could not be consulted (so no pin was checked): the error id the reason is logged under. */
  readonly unavailable?: string;
}

/**
 * Applies `preset:<name>` (explicit beats the pin) or, with `usePin`, the channel's pin.
 * `preset:none` ignores the pin.
 */
export async function applyPresets(
  typed: Args, ctx: CommandContext, services: CommandServices | undefined, opts: { usePin: boolean } = { usePin: true },
): Promise<Result<Applied, PresetError>> {
  const { preset: presetValue, ...rest } = typed;
  const presetText = presetValue === undefined ? undefined : String(presetValue);
  const explicit = presetText !== undefined && presetText.trim().toLowerCase() !== 'none';
  const access = services?.presets;
  if (!access) return explicit ? fail({ code: 'unsupported' }) : ok({ args: rest, notes: [] });
  if (!access.ok) {
    const e = unavailable(services, access.reason);
    return explicit ? fail(e) : ok({ args: rest, notes: [], unavailable: e.code === 'unavailable' ? e.errorId : '' });
  }
  const store = access.store;

  if (explicit) {
    const n = parseName('preset', presetText);
    if (!n.ok) return n;
    const r = await withStore(services, async () => ({
      found: await findPreset(store, ctx, n.value),
      pinned: opts.usePin ? await store.getPin(ctx.teamId, ctx.channelId) : null,
    }));
    if (!r.ok) return r;
    if (!r.value.found) {
      const near = await withStore(services, () => nearNames(store, ctx, n.value));
      return fail({ code: 'not_found', name: n.value, suggestions: near.ok ? near.value : [] });
    }
    const { preset, shadows } = r.value.found;
    const pin = r.value.pinned;
    const extra = [
      ...(shadows ? [`your personal \`${preset.name}\` shadows the team preset of the same name (${cmd(ctx.syntax, 'preset', `name:${preset.name} scope:team`, 'show')} shows that one)`] : []),
      ...(pin && pin.preset.id !== preset.id ? [`instead of this channel's pinned \`${pin.preset.name}\``] : []),
    ];
    return merge(preset, rest, 'explicit', extra);
  }
  if (presetText !== undefined || !opts.usePin) return ok({ args: rest, notes: [] });

  const r = await withStore(services, () => store.getPin(ctx.teamId, ctx.channelId));
  if (!r.ok) {
    const e = r.errors[0];
    return ok({ args: rest, notes: [], unavailable: e?.code === 'unavailable' ? e.errorId : '' });
  }
  if (!r.value) return ok({ args: rest, notes: [] });
  return merge(r.value.preset, rest, 'pinned', [`pinned by ${mention(r.value.pin.pinnedBy)}`]);
}

function merge(preset: Preset, typed: Args, how: 'explicit' | 'pinned', extra: readonly string[]): Result<Applied, PresetError> {
  const loaded = loadPresetArgs(preset.args, preset.schemaVersion);
  if (!loaded.ok) return fail({ code: 'broken', name: preset.name, errors: loaded.errors });
  const merged = mergePresetArgs(loaded.value.args, typed);
  const notes = [presetNote(preset, merged, loaded.value.args, how, extra)];
  if (loaded.value.ignored.length > 0) {
    notes.push(`Preset \`${preset.name}\` has settings this version does not know${loaded.value.newer ? ' (saved by a newer version of the bot)' : ''}, ignored: ${loaded.value.ignored.map((x) => `\`${x}\``).join(', ')}.`);
  }
  return ok({ args: merged.args, notes });
}

/**
 * "From preset `x` (team): model, method, rank; explicit: batch." plus how many saved
 * defaults came along, and for a pin, how to override or ignore it.
 */
export function presetNote(preset: Preset, merged: Merged, saved: Readonly<Record<string, string>>, how: 'explicit' | 'pinned', extra: readonly string[] = []): string {
  const { chosen, defaults } = chosenKeys(saved, merged.fromPreset);
  const head = how === 'pinned'
    ? `Pinned preset \`${preset.name}\` applied (this channel's default${extra.length ? `, ${extra.join(', ')}` : ''})`
    : `From preset \`${preset.name}\` (${scopeOf(preset)}${extra.length ? `; ${extra.join('; ')}` : ''})`;
  const values = chosen.length > 0 ? chosen.join(', ') : 'no settings of its own';
  const rest = defaults > 0 ? ` (and ${defaults} default${defaults === 1 ? '' : 's'} saved with it)` : '';
  const typed = merged.explicit.length > 0 ? `; explicit: ${merged.explicit.join(', ')}` : '';
  const tail = how === 'pinned'
    ? ' Typed keys beat the pin, `model:` too: the pin still supplies the other keys. `preset:none` ignores the pin; `preset:<name>` uses another preset.'
    : '';
  return `${head}: ${values}${rest}${typed}.${tail}`;
}
