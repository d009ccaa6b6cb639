/**
 * Fuzz over the one grammar and the commands behind it: arbitrary text, and lines built from the
 * real keys with random values. Every input gets an invocation or coded errors (never a throw),
 * every invocation gets a reply, and every reply for bad input names what was wrong.
 */
import fc from 'fast-check';
import { createHandler } from '../../commands/handler';
import { parseInvocation } from '../../commands/grammar';
import { KEYS, describeInputError, type InputErrorCode, type KeyDef } from '../../src/config';

const ctx = { platform: 'console', teamId: 'local', channelId: 'c', userId: 'u' } as const;
const core = createHandler({ log: () => undefined });
const CODES: readonly InputErrorCode[] = [
  'syntax', 'unknown_key', 'duplicate_key', 'missing_value', 'bad_enum', 'not_integer', 'not_number', 'out_of_range', 'bad_targets',
  'missing_model', 'unknown_model', 'unknown_gpu', 'conflict', 'too_long', 'unknown_command', 'unknown_action', 'unexpected_key',
];

const words = ['fit', 'compare', 'vs', 'preset', 'save', 'list', 'models', 'gpus', 'help', 'model', ':', '=', '"', "'", '\\', '\u0000', '\u202e', '😀', ' ', '\t', '\r', '\n', 'k', '1,2', '4k', '-1', '1e9', '__proto__', 'constructor'];
const keyNames = (KEYS as readonly KeyDef[]).flatMap((k) => [k.key, ...k.aliases]).concat(['private', 'how', 'preset', 'name', 'scope', 'to', 'query', 'nosuch']);
const valueArb = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...words), fc.integer({ min: -10, max: 1e7 }).map(String), fc.constantFrom('true', 'false', 'llama-3.1-8b', 'rtx4090', 'qlora', 'nf4', 'zero3', 'all', 'q,v'));
const pairArb = fc.tuple(fc.constantFrom(...keyNames), fc.constantFrom(':', '='), valueArb).map(([k, s, v]) => `${k}${s}${/\s/.test(v) ? `"${v}"` : v}`);
const lineArb = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.array(fc.oneof(pairArb, fc.constantFrom(...words)), { maxLength: 12 }).map((xs) => xs.join(' ')),
  fc.tuple(fc.constantFrom('', 'fit ', 'compare ', 'preset save ', 'preset show ', 'models '), fc.array(pairArb, { maxLength: 8 })).map(([h, ps]) => h + ps.join(' ')),
  fc.string({ minLength: 1900, maxLength: 2100 }),
);

describe('fuzz: the grammar and the commands never throw', () => {
  test('GIVEN any line THEN an invocation or coded, described errors', () => {
    fc.assert(fc.property(lineArb, (line) => {
      const p = parseInvocation(line, ctx);
      if (p.ok) {
        expect(typeof p.value.command).toBe('string');
        return;
      }
      expect(p.errors.length).toBeGreaterThan(0);
      for (const e of p.errors) {
        expect(CODES).toContain(e.code);
        const text = describeInputError(e);
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toMatch(/undefined|\[object Object\]/);
      }
    }), { numRuns: 1500 });
  });

  test('GIVEN any line THEN a reply (an answer or an error reply), never a failure id', async () => {
    await fc.assert(fc.asyncProperty(lineArb, async (line) => {
      const p = core.parse(line, ctx);
      const reply = p.ok ? await core.handle(p.value) : core.rejected(p.errors, ctx);
      expect(reply.errorId).toBeUndefined(); // a bug would show up as the failure reply
      expect(reply.title.length).toBeGreaterThan(0);
    }), { numRuns: 250 });
  }, 60000);
});
