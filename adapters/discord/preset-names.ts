/**
 * `presetNames` for the Discord adapter's autocomplete, read from the open preset store: the
 * team's presets and the caller's personal ones (what `store.list` returns), names that start
 * with what was typed first, then names that contain it.
 */
import type { PresetStore, PresetsAccess } from '../../src/store/presets';
import { MAX_CHOICES, type PresetNames } from './autocomplete';

/** @example presetNamesFromStore(store)('guild', 'user', 'our') // ['our-8b-lora', ...] */
export function presetNamesFromStore(store: Pick<PresetStore, 'list'>): PresetNames {
  return async (teamId, userId, prefix) => {
    const q = prefix.trim().toLowerCase();
    const names = [...new Set((await store.list(teamId, userId)).map((p) => p.name))];
    const starts = names.filter((n) => n.startsWith(q));
    const contains = names.filter((n) => !n.startsWith(q) && n.includes(q));
    return [...starts, ...contains].slice(0, MAX_CHOICES);
  };
}

/** `presetNames` when presets are available, else undefined (autocomplete then offers none). */
export function presetNamesFor(access: PresetsAccess | undefined): PresetNames | undefined {
  return access?.ok ? presetNamesFromStore(access.store) : undefined;
}
