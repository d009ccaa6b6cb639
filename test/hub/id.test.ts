import { describeHubError } from '../../src/hub/errors';
import { validateHubId } from '../../src/hub/id';

describe('validateHubId', () => {
  test.each([
    'meta-llama/Llama-3.1-8B-Instruct',
    'Qwen/Qwen2.5-0.5B',
    'EleutherAI/pythia-70m',
    'microsoft/phi-1_5',
    'a/b',
    '0/9',
    `${'o'.repeat(96)}/${'n'.repeat(96)}`,
  ])('GIVEN %s THEN it is accepted with its case preserved', (id) => {
    expect(validateHubId(id)).toEqual({ ok: true, value: id });
  });

  test.each([
    ['', /empty/],
    ['llama', /0 slashes/],
    ['a/b/c', /2 slashes/],
    ['a/b/../c', /`\.\.`/],
    ['../a', /`\.\.`/],
    ['a/..', /`\.\.`/],
    ['a/%2e%2e', /`%`/],
    ['a%2Fb/c', /`%`/],
    ['a\\b/c', /`\\`/],
    ['a/b?x=1', /`\?`/],
    ['a/b#frag', /`#`/],
    ['a/b c', /U\+0020/],
    ['a/b\n', /U\+000A/],
    ['a/b\u0000', /U\+0000/],
    ['a/Llama\u2010B', /U\+2010/],
    ['a/b@main', /Revisions/],
    ['https://huggingface.co/a/b', /URL/],
    ['http://evil.example/a', /URL/],
    ['//evil.example/a/b', /URL/],
    ['/a/b', /URL/],
    ['file:a/b', /URL/],
    ['evil.example/a', /host name/],
    ['huggingface.co/a/b', /host name/],
    ['hf.co/a', /host name/],
    ['-org/name', /organisation part `-org` must start with a letter or digit/],
    ['.org/name', /organisation part `.org`/],
    ['org/-name', /name part `-name`/],
    ['org/.name', /name part `.name`/],
    ['org/', /name part is empty/],
    ['/name', /URL/],
    [`org/${'n'.repeat(97)}`, /at most 96/],
    ['api/models', /Hub route/],
    ['datasets/foo', /Hub route/],
    ['x'.repeat(500), /longer than 193/],
  ])('GIVEN %j THEN bad_hub_id (%s)', (text, detail) => {
    const r = validateHubId(text);
    if (r.ok) throw new Error(`accepted ${text}`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.code).toBe('bad_hub_id');
    expect(r.errors[0]?.detail).toMatch(detail);
  });

  test('GIVEN a rejected id THEN the message asks for org/name without a URL', () => {
    const r = validateHubId('https://huggingface.co/a/b');
    if (r.ok || !r.errors[0]) throw new Error('accepted');
    expect(describeHubError(r.errors[0])).toBe(
      '`https://huggingface.co/a/b` is not a Hugging Face Hub id: write it as `org/name` (letters, digits, `.`, `_`, `-`), without a URL. It looks like a URL; give only the `org/name` part.',
    );
  });
});
