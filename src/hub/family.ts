import type { z } from 'zod';
import { ConfigProblem, type ArchShape } from './fields';

/** What one family reads from a config.json: the shape, and notes for `configSource`. */
export interface Built {
  readonly shape: ArchShape;
  /** Approximations and omissions worth telling the user ("MTP layer not counted"). */
  readonly notes: readonly string[];
}

/** How vram-bot reads the config.json of one `model_type`. */
export interface Family {
  /** Reads a config.json object; throws {@link ConfigProblem} for a value it cannot model. */
  readonly read: (raw: Readonly<Record<string, unknown>>) => Built;
}

/**
 * A family from its schema, the transformers class defaults of the fields config.json may omit
 * (`save_pretrained` drops values equal to the class default, so a Gemma config often has no
 * `tie_word_embeddings`), and the mapping. Keys in `renames` are older spellings
 * (`n_head` for `num_attention_heads`), used when the new name is absent.
 */
export function family<S extends z.ZodType>(
  schema: S,
  defaults: Readonly<Record<string, unknown>>,
  build: (c: z.infer<S>) => ArchShape | Built,
  renames: Readonly<Record<string, string>> = {},
): Family {
  return {
    read(raw) {
      const merged: Record<string, unknown> = { ...defaults, ...raw };
      for (const [old, now] of Object.entries(renames)) {
        if (Object.hasOwn(raw, old) && !Object.hasOwn(raw, now)) merged[now] = raw[old];
      }
      const built = build(parseConfig(schema, merged));
      return 'shape' in built ? built : { shape: built, notes: [] };
    },
  };
}

/** Parses with zod; the first issues become one {@link ConfigProblem} naming the fields. */
export function parseConfig<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.slice(0, 3).map((i) => {
    const field = `\`${i.path.map(String).join('.') || '(root)'}\``;
    return i.code === 'invalid_type' && /received undefined/.test(i.message) ? `${field} is missing` : `${field}: ${i.message.replace(/^Invalid input: /, '')}`;
  });
  const more = r.error.issues.length > 3 ? ` (and ${r.error.issues.length - 3} more)` : '';
  throw new ConfigProblem(`${lines.join('; ')}${more}.`);
}
