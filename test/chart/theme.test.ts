import fc from 'fast-check';
import { reportFromLine } from '../../commands/estimate-line';
import type { ComponentId } from '../../src/estimator/types';
import { OTHER_KEY } from '../../src/chart/layout';
import { componentFill, inkOn, segmentFills, THEMES, type ThemeName } from '../../src/chart/theme';

const THEME_NAMES: readonly ThemeName[] = ['light', 'dark'];
const IDS = Object.keys(THEMES.light.components) as ComponentId[];
/** Components only a serving estimate has, and only a training one has. */
const SERVING_ONLY: readonly ComponentId[] = ['kv_cache', 'cuda_graphs'];
const TRAINING_ONLY: readonly ComponentId[] = [
  'adapter_weights', 'gradients', 'optimizer_states', 'optimizer_step', 'workspace', 'sharding_buffers', 'comm_buffers',
  // The preference and RL objectives' models and rollout (src/estimator/objectives.ts).
  'reference_model', 'value_model', 'reward_model', 'reference_forward', 'rollout_kv', 'rollout_work', 'vllm_engine', 'forward_transient',
];

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string): number => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

describe('component colours', () => {
  test('GIVEN every ComponentId THEN both themes give it a #rrggbb colour', () => {
    expect(IDS).toHaveLength(25);
    for (const name of THEME_NAMES) for (const id of IDS) expect(THEMES[name].components[id]).toMatch(/^#[0-9a-f]{6}$/);
  });

  test('GIVEN the components a training chart can hold THEN all colours differ; likewise for serving', () => {
    for (const name of THEME_NAMES) {
      const t = THEMES[name];
      const training = IDS.filter((id) => !SERVING_ONLY.includes(id)).map((id) => t.components[id]);
      const serving = IDS.filter((id) => !TRAINING_ONLY.includes(id)).map((id) => t.components[id]);
      expect(new Set(training).size).toBe(training.length);
      expect(new Set(serving).size).toBe(serving.length);
    }
  });

  test('GIVEN two components sharing a colour THEN one is serving-only and the other training-only', () => {
    for (const a of IDS) {
      for (const b of IDS) {
        if (a >= b || THEMES.light.components[a] !== THEMES.light.components[b]) continue;
        const pair = [a, b];
        expect(pair.some((id) => SERVING_ONLY.includes(id)) && pair.some((id) => TRAINING_ONLY.includes(id))).toBe(true);
      }
    }
  });

  test('GIVEN real estimates of many setups THEN the components at the peak never share a colour', () => {
    const lines = [
      'model:llama-3.1-8b lora:true', 'model:llama-3.1-8b qlora:true', 'model:llama-3.1-8b', 'model:llama-3.1-8b accum:4',
      'model:llama-3.1-8b sharding:zero3 gpus:4', 'model:llama-3.1-8b sharding:ddp gpus:2 lora:true', 'model:llama-3.1-8b precision:fp32',
      'model:llama-3.1-8b mode:serve', 'model:llama-3.1-8b mode:serve engine:vllm', 'model:llama-3.1-8b mode:serve quant:nf4',
      'model:llama-3.1-8b objective:dpo precision:bf16', 'model:llama-3.1-8b objective:grpo lora:true seq:512 completion:8192 accum:8 precision:bf16',
      'model:llama-3.1-8b objective:grpo lora:true seq:256 rollout:vllm gpu:h100 sleep:true', 'model:llama-3.1-8b objective:ppo lora:true seq:256',
    ];
    for (const line of lines) {
      const r = reportFromLine(line);
      if (!r.ok) throw new Error(`${line}: ${JSON.stringify(r.errors)}`);
      const ids = r.value.components.filter((c) => c.inPeak).map((c) => c.id);
      expect(ids.length).toBeGreaterThan(4);
      for (const name of THEME_NAMES) {
        const fills = ids.map((id) => THEMES[name].components[id]);
        expect({ line, distinct: new Set(fills).size }).toEqual({ line, distinct: ids.length });
      }
    }
  });

  test('GIVEN any component colour THEN the GiB written on it (inkOn) contrasts at 4.5:1 or more', () => {
    for (const id of IDS) {
      const fill = THEMES.light.components[id];
      expect({ id, ok: contrast(fill, inkOn(fill)) >= 4.5 }).toEqual({ id, ok: true });
    }
  });

  test('GIVEN the verdict colours and the grey of "other" THEN no component uses them', () => {
    for (const name of THEME_NAMES) {
      const t = THEMES[name];
      const reserved = [t.verdict.success, t.verdict.danger, t.other, t.background, t.track];
      for (const id of IDS) expect(reserved).not.toContain(t.components[id]);
    }
  });
});

describe('componentFill', () => {
  test('GIVEN a component id THEN its fixed colour; "other" THEN grey', () => {
    expect(componentFill('activations', THEMES.light)).toBe(THEMES.light.components.activations);
    expect(componentFill(OTHER_KEY, THEMES.light)).toBe(THEMES.light.other);
    expect(componentFill(OTHER_KEY, THEMES.dark)).toBe(THEMES.dark.other);
  });

  test('GIVEN an unknown key THEN a fallback colour, the same every time, and not the grey of "other"', () => {
    const a = componentFill('mystery_buffer', THEMES.light);
    expect(THEMES.light.fallback).toContain(a);
    expect(componentFill('mystery_buffer', THEMES.light)).toBe(a);
    expect(a).not.toBe(THEMES.light.other);
    // Keys that look like Object.prototype members are unknown keys too.
    expect(THEMES.light.fallback).toContain(componentFill('toString', THEMES.light));
    expect(THEMES.light.fallback).toContain(componentFill('__proto__', THEMES.light));
  });
});

describe('segmentFills', () => {
  test('GIVEN the same components in another order and company THEN each keeps its fill', () => {
    const a = segmentFills(['weights', 'activations', 'logits'], THEMES.light);
    const b = segmentFills(['activations', 'kv_cache', 'weights', OTHER_KEY], THEMES.light);
    expect(b[0]).toBe(a[1]);
    expect(b[2]).toBe(a[0]);
    expect(b[3]).toBe(THEMES.light.other);
  });

  test('PROPERTY: in one chart, different keys (known or not) never share a fill, and known ones keep theirs', () => {
    const training = IDS.filter((id) => !SERVING_ONLY.includes(id));
    const serving = IDS.filter((id) => !TRAINING_ONLY.includes(id));
    const chartKeys = fc.oneof(fc.subarray(training), fc.subarray(serving))
      .chain((known) => fc.tuple(fc.constant(known), fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !IDS.includes(k as ComponentId) && k !== OTHER_KEY), { maxLength: 6 })))
      .chain(([known, unknown]) => {
        const all = [...known, ...unknown];
        return fc.shuffledSubarray(all, { minLength: 0, maxLength: Math.min(6, all.length) });
      });
    fc.assert(fc.property(chartKeys, fc.constantFrom(...THEME_NAMES), (keys, name) => {
      const t = THEMES[name];
      const fills = segmentFills(keys, t);
      expect(new Set(fills).size).toBe(keys.length);
      expect(fills).not.toContain(t.other);
      keys.forEach((k, i) => { if (IDS.includes(k as ComponentId)) expect(fills[i]).toBe(t.components[k as ComponentId]); });
    }), { numRuns: 300 });
  });

  test('GIVEN an unknown key alone THEN its hashed colour, the same as componentFill', () => {
    expect(segmentFills(['mystery_buffer'], THEMES.dark)).toEqual([componentFill('mystery_buffer', THEMES.dark)]);
  });
});
