import { archFromConfig } from '../../src/hub/config';
import { describeHubError, type HubError, type HubResult } from '../../src/hub/errors';
import { JSON_LIMITS, jsonTextProblem, jsonValueProblem, parseHubJson } from '../../src/hub/json';
import { deepConfigText, referenceConfig } from './fixtures';

/** The same, as a value, built without recursion. */
function deepValue(levels: number): Record<string, unknown> {
  let v: unknown[] = [];
  for (let i = 1; i < levels; i++) v = [v];
  return { model_type: 'llama', x: v };
}

function error<T>(r: HubResult<T>): HubError {
  if (r.ok || !r.errors[0]) throw new Error('expected an error');
  return r.errors[0];
}

describe('the JSON guard on Hub responses', () => {
  test('GIVEN a 150,000-level config.json THEN too_complex, saying it is nested too deeply, without a throw', () => {
    const text = deepConfigText(150_000);
    expect(text.length).toBeLessThan(1_000_000);
    const e = error(parseHubJson(text, 'org/deep', 'config.json'));
    expect(e).toEqual({ code: 'too_complex', id: 'org/deep', detail: 'The config.json is nested more than 64 levels deep.' });
    expect(describeHubError(e)).toBe('The config.json of `org/deep` is too complex to be a model config, so I did not read it. The config.json is nested more than 64 levels deep.');
  });

  test('GIVEN nesting exactly at the limit THEN it parses; one level more THEN refused', () => {
    // The top-level object is level 1, so 63 arrays inside it make 64 levels.
    expect(parseHubJson(deepConfigText(JSON_LIMITS.maxDepth - 1), 'o/x', 'config.json').ok).toBe(true);
    expect(error(parseHubJson(deepConfigText(JSON_LIMITS.maxDepth), 'o/x', 'config.json')).code).toBe('too_complex');
  });

  test('GIVEN brackets, commas and escaped quotes inside strings THEN they do not count', () => {
    const inString = `{"a":"${'[{,'.repeat(1000)}\\"[[[","b":[1,2]}`;
    expect(jsonTextProblem(inString, { maxDepth: 2, maxEntries: 3 })).toBeUndefined();
    expect(parseHubJson(inString, 'o/x', 'config.json')).toEqual({ ok: true, value: JSON.parse(inString) as unknown });
  });

  test('GIVEN an array with more entries than allowed THEN refused; at the limit THEN accepted', () => {
    const limits = { maxDepth: 8, maxEntries: 5 };
    expect(jsonTextProblem('{"a":[1,2,3,4,5]}', limits)).toBeUndefined();
    expect(jsonTextProblem('{"a":[1,2,3,4,5,6]}', limits)).toBe('has an array or object with more than 5 entries');
    expect(jsonTextProblem('{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}', limits)).toBe('has an array or object with more than 5 entries');
    // Entries are counted per container, not across siblings.
    expect(jsonTextProblem('[[1,2,3],[1,2,3],[1,2,3]]', limits)).toBeUndefined();
  });

  test('GIVEN text that is not JSON THEN bad_json as before', () => {
    expect(error(parseHubJson('{"model_type": "llama", "hidden_size": ', 'o/x', 'config.json'))).toMatchObject({ code: 'bad_json', detail: 'The config.json could not be parsed as JSON.' });
  });

  test('GIVEN a real config.json THEN it is within the limits', () => {
    const text = JSON.stringify(referenceConfig('meta-llama/Llama-3.1-8B'), null, 2);
    expect(jsonTextProblem(text)).toBeUndefined();
  });

  test('GIVEN a parsed 150,000-level value THEN the value walk refuses it without recursing', () => {
    expect(jsonValueProblem(deepValue(150_000))).toBe('is nested more than 64 levels deep');
    expect(jsonValueProblem(deepValue(JSON_LIMITS.maxDepth - 1))).toBeUndefined();
    expect(jsonValueProblem({ a: new Array(JSON_LIMITS.maxEntries + 1).fill(0) })).toBe('has an array or object with more than 100,000 entries');
  });

  test('GIVEN a cyclic value THEN it is refused as too deep, not walked forever', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(jsonValueProblem(a)).toBe('is nested more than 64 levels deep');
  });

  test('GIVEN archFromConfig of a 150,000-level value (a caller that parsed it itself) THEN too_complex', () => {
    expect(error(archFromConfig('org/deep', deepValue(150_000)))).toMatchObject({ code: 'too_complex', id: 'org/deep' });
  });
});
