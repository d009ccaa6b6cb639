/**
 * The preset contract: one session of preset use (save, list, use with an override, pin, bare
 * use, unpin, delete), run in order against every adapter. Unlike the stateless contract in
 * `contract.ts`, the steps depend on each other, so a driver must send every step as the same
 * user in the same channel and team, against a store that starts without the fixture's preset.
 *
 * Slack and Discord: wire `createHandler({ presets, admins })` into the adapter under test,
 * then `describe('presets: slack', () => runPresetContract(() => driver))`.
 */
import type { AdapterDriver, SeenReply } from './contract';

export interface PresetDriver extends AdapterDriver {
  /**
   * Optional: sends as a second, non-admin member of the same team and channel. When present,
   * the permission fixtures run too.
   */
  sendAsOther?(text: string): Promise<SeenReply>;
}

export interface PresetStep {
  readonly name: string;
  readonly text: string;
  readonly as?: 'author' | 'other';
  readonly private: boolean;
  /** Each must appear in the reply text (case-insensitive for strings). */
  readonly contains: readonly (string | RegExp)[];
  readonly absent?: readonly (string | RegExp)[];
}

/** The preset the fixtures create and remove. */
export const CONTRACT_PRESET = 'contract-8b';

export const PRESET_STEPS: readonly PresetStep[] = [
  {
    name: 'GIVEN preset save with valid arguments THEN a public confirmation with the canonical arguments',
    text: `preset save name:${CONTRACT_PRESET} model:llama-3.1-8b lora:true rank:32`,
    private: false,
    contains: [`Saved team preset`, CONTRACT_PRESET, 'model:llama-3.1-8b mode:train method:lora rank:32'],
  },
  {
    name: 'GIVEN a bad preset name THEN a private error naming the key, the value and the rule',
    text: 'preset save name:"bad name" model:llama-3.1-8b',
    private: true,
    contains: ['name:bad name', 'not a valid preset name', '1-32 characters'],
  },
  {
    name: 'GIVEN preset list THEN a private list with the preset, labelled team',
    text: 'preset list',
    private: true,
    contains: [CONTRACT_PRESET, 'team', 'method:lora rank:32'],
  },
  {
    name: 'GIVEN preset:<name> with an override THEN the estimate uses both and says which came from the preset',
    text: `preset:${CONTRACT_PRESET} batch:8`,
    private: false,
    contains: ['Llama 3.1 8B', 'LoRA', /batch:8/, /rank:32/, `From preset`, CONTRACT_PRESET, 'explicit: batch'],
  },
  {
    name: 'GIVEN a member who is not the author THEN deleting is refused, naming who may',
    text: `preset delete name:${CONTRACT_PRESET}`,
    as: 'other',
    private: true,
    contains: ['Only the author', `can delete`, CONTRACT_PRESET],
  },
  {
    name: 'GIVEN preset pin THEN a public confirmation',
    text: `preset pin name:${CONTRACT_PRESET}`,
    private: false,
    contains: ['Pinned', CONTRACT_PRESET, 'this channel'],
  },
  {
    name: 'GIVEN a pin THEN a bare estimate uses the pinned preset and says so',
    text: 'batch:4',
    private: false,
    contains: ['Llama 3.1 8B', /batch:4/, /rank:32/, 'Pinned preset', CONTRACT_PRESET, 'explicit: batch'],
  },
  {
    name: 'GIVEN preset unpin THEN a public confirmation',
    text: 'preset unpin',
    private: false,
    contains: ['Unpinned', CONTRACT_PRESET],
  },
  {
    name: 'GIVEN no pin THEN a bare estimate asks for the model again',
    text: 'batch:4',
    private: true,
    contains: [/which model/i],
    absent: ['Pinned preset'],
  },
  {
    name: 'GIVEN preset delete by the author THEN a public confirmation',
    text: `preset delete name:${CONTRACT_PRESET}`,
    private: false,
    contains: ['Deleted team preset', CONTRACT_PRESET],
  },
  {
    name: 'GIVEN the deleted preset THEN using it is a private not-found error',
    text: `preset:${CONTRACT_PRESET} batch:8`,
    private: true,
    contains: ['There is no preset', CONTRACT_PRESET],
  },
  // Run records (/vram record, /vram accuracy, calibrated:true): the same store and permissions.
  {
    name: 'GIVEN record with a measurement THEN a public confirmation with today\'s estimate and the canonical arguments',
    text: 'record measured:30 stat:smi model:llama-3.1-8b lora:true batch:1 seq:1024',
    private: false,
    contains: ['Recorded run #1', 'Measured 30.00 GiB (nvidia-smi)', "today's estimate", 'model:llama-3.1-8b mode:train method:lora'],
  },
  {
    name: 'GIVEN record without measured THEN a private error asking for it',
    text: 'record model:llama-3.1-8b lora:true',
    private: true,
    contains: ['measured:<GiB>', 'stat:smi|reserved|allocated'],
  },
  {
    name: 'GIVEN record with a measurement that is not a number THEN a private error naming the key and the units',
    text: 'record measured:lots model:llama-3.1-8b lora:true',
    private: true,
    contains: ['measured:lots', 'must be a number', 'mib'],
  },
  {
    name: 'GIVEN a second record in MiB as nvidia-smi prints it THEN it is converted to GiB',
    text: 'record measured:31744mib stat:smi model:llama-3.1-8b lora:true batch:1 seq:1024',
    private: false,
    contains: ['Recorded run #2', 'Measured 31.00 GiB'],
  },
  {
    name: 'GIVEN accuracy THEN the runs against today\'s estimates, a chart and the mean offset per regime',
    text: 'accuracy',
    private: false,
    contains: ["The team's runs: 2", 'Error per run', 'Mean offset per regime', 'train|sft|lora', 'over 2 runs'],
  },
  {
    name: 'GIVEN calibrated:true with two runs in the regime THEN the estimate applies the offset and says so',
    text: 'model:llama-3.1-8b lora:true batch:1 seq:1024 calibrated:true',
    private: false,
    contains: ['Calibrated', "calibrated to your team's runs", '2 recorded runs'],
  },
  {
    name: 'GIVEN a member who did not record the run THEN forgetting it is refused',
    text: 'accuracy forget:1',
    as: 'other',
    private: true,
    contains: ['Only the author', 'forget', 'run #1'],
  },
  {
    name: 'GIVEN the author THEN forgetting the run is confirmed',
    text: 'accuracy forget:1',
    private: false,
    contains: ['Forgot run #1'],
  },
  {
    name: 'GIVEN a run number that does not exist THEN a private error',
    text: 'accuracy forget:99',
    private: true,
    contains: ['no run record', '#99'],
  },
  {
    name: 'GIVEN calibrated:true with one run left THEN the estimate is the model\'s own and says why',
    text: 'model:llama-3.1-8b lora:true batch:1 seq:1024 calibrated:true',
    private: false,
    contains: ['Not calibrated', '1 recorded run'],
    absent: ["calibrated to your team's runs"],
  },
];

/** Registers the steps, in order, for one driver (call inside a describe). */
export function runPresetContract(getDriver: () => PresetDriver): void {
  for (const s of PRESET_STEPS) {
    test(s.name, async () => {
      const d = getDriver();
      if (s.as === 'other' && !d.sendAsOther) return; // this driver has a single user (the console)
      const seen = s.as === 'other' && d.sendAsOther ? await d.sendAsOther(s.text) : await d.send(s.text);
      expect(seen.private).toBe(s.private);
      for (const c of s.contains) {
        if (typeof c === 'string') expect(seen.text.toLowerCase()).toContain(c.toLowerCase());
        else expect(seen.text).toMatch(c);
      }
      for (const a of s.absent ?? []) {
        if (typeof a === 'string') expect(seen.text.toLowerCase()).not.toContain(a.toLowerCase());
        else expect(seen.text).not.toMatch(a);
      }
    });
  }
}
