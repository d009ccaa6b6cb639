/**
 * Run records: what a team's real run showed (`/vram record measured:<GiB> stat:smi ...`), saved
 * beside the configuration in the same store as presets. `/vram accuracy` compares them with
 * today's estimates; `calibrated:true` applies the team's mean offset.
 */

/** Which number the team read: nvidia-smi's used memory, torch's max_memory_reserved or max_memory_allocated. */
export const RECORD_STATS = ['smi', 'reserved', 'allocated'] as const;
export type RecordStat = (typeof RECORD_STATS)[number];

/** Records a team keeps; the oldest must be forgotten (`/vram accuracy forget:<id>`) before more are added. */
export const MAX_TEAM_RECORDS = 500;

export interface RunRecord {
  /** Unique in the store; shown as `#id`. */
  readonly id: number;
  readonly teamId: string;
  readonly authorId: string;
  /** Canonical arguments of the run (every key, like a preset). */
  readonly args: string;
  /** Grammar version of `args` (commands/preset-args.ts PRESET_ARGS_VERSION). */
  readonly schemaVersion: number;
  readonly measuredBytes: number;
  readonly stat: RecordStat;
  readonly createdAt: number;
}

export interface RecordInput {
  readonly teamId: string;
  readonly authorId: string;
  readonly args: string;
  readonly schemaVersion: number;
  readonly measuredBytes: number;
  readonly stat: RecordStat;
  readonly now: number;
}

/** The record store's half of the preset store (the same file, the same durability). */
export interface RecordStore {
  /** Adds a record; null when the team already keeps `limit` records. */
  addRecord(input: RecordInput, limit: number): Promise<RunRecord | null>;
  /** The team's records, oldest first. */
  listRecords(teamId: string): Promise<RunRecord[]>;
  getRecord(teamId: string, id: number): Promise<RunRecord | null>;
  /** Removes one of the team's records; false when there was none. */
  removeRecord(teamId: string, id: number): Promise<boolean>;
}
