import { dispatch } from '../support/run';
import { replyText } from '../../src/reply/text';
import { restoreInvocation } from '../../commands/grammar';
import { dispatch as run } from '../../commands/registry';

const ctx = { platform: 'console' as const, teamId: 'local', channelId: 'c', userId: 'u' };

describe('show the math (how:true)', () => {
  test('GIVEN how:true THEN every live component appears as a formula with its numbers', async () => {
    const text = replyText(await dispatch('model:llama-3.1-8b how:true gc:true', ctx));
    expect(text).toContain('Weights = 8,030,261,248 params x 2 B = 14.96 GiB');
    expect(text).toContain('Gradients = 8,030,261,248 trainable x 2 B = 14.96 GiB');
    expect(text).toMatch(/Optimizer states = adamw: 8,030,261,248 trainable params x 4 B = 29\.92 GiB/);
  });
  test('GIVEN how:true for LoRA THEN the per-layer activation terms add up to the stated per-token total', async () => {
    const reply = await dispatch('model:llama-3.1-8b lora:true how:true', ctx);
    const layer = reply.sections.find((s) => s.title.startsWith('Each layer'));
    expect(layer).toBeDefined();
    const terms = (layer?.lines ?? []).filter((l) => !l.startsWith('=')).map((l) => Number(/: ([\d,]+) B$/.exec(l)?.[1]?.replace(/,/g, '')));
    const total = Number(/^= ([\d,]+) B per token/.exec(layer?.lines.at(-1) ?? '')?.[1]?.replace(/,/g, ''));
    expect(terms.every((t) => t > 0)).toBe(true);
    expect(terms.reduce((a, b) => a + b, 0)).toBe(total);
    // 18h + 4kd + 8f + ranks + logsumexp for Llama-3.1-8B LoRA all-linear, + 6h for the
    // per-adapter input copies of PEFT's fp32 adapters (see activations.test.ts)
    expect(total).toBe(24 * 4096 + 4 * 1024 + 8 * 14336 + 7 * 2 * 16 + 128);
  });
  test('GIVEN an estimate without how THEN a "Show the math" action re-runs it privately with how:true', async () => {
    const reply = await dispatch('model:llama-3.1-8b lora:true', ctx);
    const action = reply.actions?.find((a) => a.id === 'how');
    expect(action?.label).toBe('Show the math');
    // The button carries an invocation; it is checked again as if typed, then run.
    const restored = restoreInvocation(action?.invocation, ctx);
    if (!restored.ok) throw new Error(JSON.stringify(restored.errors));
    expect(restored.value.flags).toEqual({ how: true, private: true });
    const again = await run(restored.value, {});
    expect(again.visibility).toBe('private');
    expect(again.sections.some((s) => s.title.startsWith('The math'))).toBe(true);
  });
  test('GIVEN how:maybe THEN an error naming how and its values', async () => {
    const text = replyText(await dispatch('model:llama-3.1-8b how:maybe', ctx));
    expect(text).toMatch(/`how:maybe` is not valid/);
  });
});

describe('a bare size (model:7b)', () => {
  test('GIVEN model:7b THEN its stand-in architecture is noted once, not twice', async () => {
    const text = replyText(await dispatch('model:7b', ctx));
    const mentions = text.split('\n').filter((l) => /is estimated with the .* architecture/.test(l));
    expect(mentions).toHaveLength(1);
    expect(text).toMatch(/model:7b is estimated with the Mistral 7B v0\.1 architecture/);
  });
});
