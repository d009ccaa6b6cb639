/**
 * An in-memory {@link PresetStore} for unit tests and throwaway sessions: the same semantics
 * as the SQLite store (unique names per scope, limits, row versions, pins that follow renames
 * and go with deletes), nothing durable.
 */
import type { Pin, Preset, PresetKey, PresetStore, RenameOutcome, SaveExpectation, SaveInput, SaveOutcome } from './presets';
import type { RunRecord } from './records';

const keyOf = (k: PresetKey): string => `${k.teamId}\u0000${k.ownerId}\u0000${k.name}`;
const pinKey = (teamId: string, channelId: string): string => `${teamId}\u0000${channelId}`;

export function createMemoryPresetStore(): PresetStore {
  const presets = new Map<string, Preset>();
  const pins = new Map<string, Pin>();
  const records: RunRecord[] = [];
  const buttons = new Map<string, { invocation: string; expiresAt: number }>();
  let nextId = 1;
  let nextRecord = 1;
  let closed = false;
  const check = (): void => {
    if (closed) throw new Error('preset store is closed');
  };
  const byId = (id: number): Preset | undefined => [...presets.values()].find((p) => p.id === id);

  return {
    async get(key) {
      check();
      return presets.get(keyOf(key)) ?? null;
    },
    async list(teamId, userId) {
      check();
      return [...presets.values()]
        .filter((p) => p.teamId === teamId && (p.ownerId === '' || p.ownerId === userId))
        .sort((a, b) => (a.name === b.name ? a.ownerId.localeCompare(b.ownerId) : a.name < b.name ? -1 : 1));
    },
    async save(input: SaveInput, expect: SaveExpectation): Promise<SaveOutcome> {
      check();
      const k = keyOf(input.key);
      const existing = presets.get(k);
      if ((existing?.version ?? null) !== expect.version) return { ok: false, reason: 'conflict' };
      if (!existing) {
        const count = [...presets.values()].filter((p) => p.teamId === input.key.teamId && p.ownerId === input.key.ownerId).length;
        if (count >= expect.limit) return { ok: false, reason: 'limit' };
        const preset: Preset = {
          ...input.key, id: nextId++, args: input.args, schemaVersion: input.schemaVersion, authorId: input.authorId,
          createdAt: input.now, updatedAt: input.now, version: 1,
        };
        presets.set(k, preset);
        return { ok: true, preset, created: true };
      }
      const preset: Preset = { ...existing, args: input.args, schemaVersion: input.schemaVersion, updatedAt: input.now, version: existing.version + 1 };
      presets.set(k, preset);
      return { ok: true, preset, created: false };
    },
    async remove(key, expectVersion) {
      check();
      const existing = presets.get(keyOf(key));
      if (!existing || existing.version !== expectVersion) return false;
      presets.delete(keyOf(key));
      for (const [pk, pin] of pins) if (pin.presetId === existing.id) pins.delete(pk);
      return true;
    },
    async rename(key, newName, expectVersion, now): Promise<RenameOutcome> {
      check();
      const existing = presets.get(keyOf(key));
      if (!existing || existing.version !== expectVersion) return { ok: false, reason: 'conflict' };
      const target = { ...key, name: newName };
      if (presets.has(keyOf(target))) return { ok: false, reason: 'exists' };
      const preset: Preset = { ...existing, name: newName, updatedAt: now, version: existing.version + 1 };
      presets.delete(keyOf(key));
      presets.set(keyOf(target), preset);
      return { ok: true, preset };
    },
    async getPin(teamId, channelId) {
      check();
      const pin = pins.get(pinKey(teamId, channelId));
      const preset = pin ? byId(pin.presetId) : undefined;
      return pin && preset ? { pin, preset } : null;
    },
    async setPin(pin) {
      check();
      if (!byId(pin.presetId)) return false;
      pins.set(pinKey(pin.teamId, pin.channelId), pin);
      return true;
    },
    async clearPin(teamId, channelId) {
      check();
      return pins.delete(pinKey(teamId, channelId));
    },
    async addRecord(input, limit) {
      check();
      if (records.filter((r) => r.teamId === input.teamId).length >= limit) return null;
      const r: RunRecord = {
        id: nextRecord++, teamId: input.teamId, authorId: input.authorId, args: input.args, schemaVersion: input.schemaVersion,
        measuredBytes: input.measuredBytes, stat: input.stat, createdAt: input.now,
      };
      records.push(r);
      return r;
    },
    async listRecords(teamId) {
      check();
      return records.filter((r) => r.teamId === teamId);
    },
    async getRecord(teamId, id) {
      check();
      return records.find((r) => r.teamId === teamId && r.id === id) ?? null;
    },
    async removeRecord(teamId, id) {
      check();
      const i = records.findIndex((r) => r.teamId === teamId && r.id === id);
      if (i < 0) return false;
      records.splice(i, 1);
      return true;
    },
    async saveButton(id, invocation, expiresAt) {
      check();
      buttons.set(id, { invocation, expiresAt });
    },
    async loadButton(id, now) {
      check();
      const b = buttons.get(id);
      if (!b || b.expiresAt <= now) return null;
      return b.invocation;
    },
    async close() {
      closed = true;
    },
  };
}
