/**
 * The adapter contract suite: the same fixtures, run against every adapter (console, Slack,
 * Discord). A driver sends `/vram` text the way its platform would and returns what the user
 * would see, flattened to text, and whether only the caller sees it.
 */
export interface SeenReply {
  /** Everything the user sees, as plain text (titles, fields, tables, sections). */
  readonly text: string;
  /** Only the caller sees it (Slack ephemeral, Discord ephemeral flag, console marker). */
  readonly private: boolean;
}

export interface AdapterDriver {
  readonly name: string;
  /** Sends the text after `/vram` (e.g. `model:llama-3.1-8b lora:true`). */
  send(text: string): Promise<SeenReply>;
}

export interface Fixture {
  readonly name: string;
  readonly text: string;
  readonly private: boolean;
  /** Each must appear in the reply text (case-insensitive). */
  readonly contains: readonly (string | RegExp)[];
  /** None may appear. */
  readonly absent?: readonly (string | RegExp)[];
}

/** Shared fixtures: the estimate, errors, listings. Numbers come from the real estimator. */
export const FIXTURES: readonly Fixture[] = [
  {
    name: 'GIVEN a LoRA estimate with a target GPU THEN a public reply with verdict, breakdown and the GPU',
    text: 'model:llama-3.1-8b batch:2 seq:2048 lora:true gpu:rtx4090',
    private: false,
    contains: ['Llama 3.1 8B', 'rtx4090', 'Weights', 'Activations', 'Logits', /GiB/, /Does not fit|Fits on/],
  },
  {
    name: 'GIVEN private:true THEN the estimate is visible only to the caller',
    text: 'model:qwen2.5-7b qlora:true private:true',
    private: true,
    contains: ['Qwen2.5 7B', 'QLoRA'],
  },
  {
    name: 'GIVEN a bad enum value THEN a private error naming the key, the value and the allowed values',
    text: 'model:llama-3.1-8b optimizer:adam9',
    private: true,
    contains: ['optimizer:adam9', 'adamw', 'adamw-8bit'],
  },
  {
    name: 'GIVEN a model that does not exist THEN a private error with did-you-mean',
    text: 'model:llama-3.2-7b',
    private: true,
    contains: ['llama-3.2-7b', /1B, 3B/, 'llama-3.1-8b'],
  },
  {
    name: 'GIVEN an unknown key THEN a private error suggesting the right key',
    text: 'model:llama-3.1-8b batchsize:4',
    private: true,
    contains: ['batchsize', 'batch'],
  },
  {
    name: 'GIVEN help THEN every key is listed',
    text: 'help',
    private: true,
    contains: ['model', 'method', 'optimizer', 'sharding', 'context', 'Examples'],
  },
  {
    name: 'GIVEN no arguments THEN the help',
    text: '',
    private: true,
    contains: ['model', 'Examples'],
  },
  {
    name: 'GIVEN models qwen THEN Qwen ids',
    text: 'models qwen',
    private: true,
    contains: ['qwen-2.5-7b', 'Qwen/Qwen2.5-7B'],
    absent: ['llama-3.1-8b'],
  },
  {
    name: 'GIVEN gpus THEN the catalog with memory in GiB',
    text: 'gpus',
    private: true,
    contains: ['rtx4090', 'h100', 'a100-80gb', 'GiB'],
  },
  {
    name: 'GIVEN an unknown subcommand THEN a private error listing the commands',
    text: 'modles',
    private: true,
    contains: ['modles', 'models'],
  },
  {
    name: 'GIVEN serving THEN the KV cache is in the breakdown',
    text: 'model:mistral-7b mode:infer context:32768 batch:4',
    private: false,
    contains: ['KV cache', 'serving'],
  },
];

/** Registers the suite for one driver (call inside a describe with the driver set up). */
export function runContract(getDriver: () => AdapterDriver): void {
  for (const f of FIXTURES) {
    test(f.name, async () => {
      const seen = await getDriver().send(f.text);
      expect(seen.private).toBe(f.private);
      for (const c of f.contains) {
        if (typeof c === 'string') expect(seen.text.toLowerCase()).toContain(c.toLowerCase());
        else expect(seen.text).toMatch(c);
      }
      for (const a of f.absent ?? []) {
        if (typeof a === 'string') expect(seen.text.toLowerCase()).not.toContain(a.toLowerCase());
        else expect(seen.text).not.toMatch(a);
      }
    });
  }
}
