import { LogLevel } from '@slack/bolt';
import { BoltLogger, describeError, redact, redactingLog, withFields } from '../../adapters/slack/logger';

const SECRET = '7c1e9d3f0a5b4e2d8c6a1f3e5d7b9a0c';

describe('redaction', () => {
  test('GIVEN configured secrets and token-shaped strings THEN none survive', () => {
    const out = redact(`secret ${SECRET}; bot xoxb-12-34-abc; app xapp-1-A1-2-def; user xoxp-9-z`, [SECRET]);
    expect(out).toBe('secret [redacted]; bot [redacted]; app [redacted]; user [redacted]');
  });

  test('GIVEN a form or JSON body with a token field THEN its value is masked', () => {
    expect(redact('token=abc123&team_id=T1', [])).toBe('token=[redacted]&team_id=T1');
    expect(redact('{"token":"abc123","text":"hi"}', [])).toBe('{"token":"[redacted]","text":"hi"}');
  });

  test('GIVEN a response_url THEN its capability path is masked', () => {
    expect(redact('"response_url":"https://hooks.slack.com/commands/T1/123/abcDEF"', [])).toBe('"response_url":"https://hooks.slack.com/[redacted]"');
  });

  test('GIVEN a files.uploadV2 upload_url THEN its path is masked', () => {
    expect(redact('http request url: https://files.slack.com/upload/v1/CwABAAAAXgoAAZnW', [])).toBe('http request url: https://files.slack.com/upload/[redacted]');
  });

  test('GIVEN an error carrying a token THEN its description is redacted and keeps the code', () => {
    const err = Object.assign(new Error('invalid_auth for xoxb-1-2-3'), { code: 'slack_webapi_platform_error' });
    const d = describeError(err, []);
    expect(d).toContain('[slack_webapi_platform_error]');
    expect(d).not.toContain('xoxb-1-2-3');
  });

  test('GIVEN redactingLog THEN both the message and the error are redacted', () => {
    const lines: string[] = [];
    const log = redactingLog((m, e) => lines.push(`${m} ${String(e)}`), [SECRET]);
    log(`using ${SECRET}`, new Error(`bad ${SECRET}`));
    expect(lines.join('')).not.toContain(SECRET);
  });
});

describe('BoltLogger', () => {
  test('GIVEN level info THEN debug is dropped and warn passes, prefixed and redacted', () => {
    const lines: string[] = [];
    const l = new BoltLogger((m) => lines.push(m), [SECRET], 'info');
    l.debug('noise');
    l.warn('verify failed', SECRET);
    expect(lines).toEqual(['slack warn: verify failed [redacted]']);
  });

  test('GIVEN setLevel(debug) THEN debug passes and getLevel says so', () => {
    const lines: string[] = [];
    const l = new BoltLogger((m) => lines.push(m), [], 'error');
    l.setLevel(LogLevel.DEBUG);
    l.setName('bolt-app');
    l.debug({ token: 'abc' });
    expect(l.getLevel()).toBe(LogLevel.DEBUG);
    expect(lines).toEqual(['bolt-app debug: {"token":"[redacted]"}']);
  });
});

describe('log fields', () => {
  test('GIVEN fields THEN redactingLog passes them on, string values redacted, and withFields adds them to every line', () => {
    const got: unknown[][] = [];
    const log = redactingLog((m, e, f) => { got.push([m, e, f]); }, [SECRET]);
    log('plain');
    log('with fields', undefined, { reqId: 'r1', note: `url https://hooks.slack.com/commands/T1/2/abc ${SECRET}`, n: 3 });
    withFields(log, { reqId: 'r2' })('scoped', new Error(`bad ${SECRET}`), { errorId: 'E1' });
    expect(got[0]).toEqual(['plain']);
    expect(got[1]).toEqual(['with fields', undefined, { reqId: 'r1', note: 'url https://hooks.slack.com/[redacted] [redacted]', n: 3 }]);
    expect(got[2]?.[0]).toBe('scoped');
    expect(String(got[2]?.[1])).not.toContain(SECRET);
    expect(got[2]?.[2]).toEqual({ reqId: 'r2', errorId: 'E1' });
  });
});
