import { createHandler } from '../../commands/handler';
import { parseEnv } from '../../adapters/env';
import { createSlackApp } from '../../adapters/slack';
import { slackConfigFromEnv, SlackConfigError } from '../../adapters/slack/config';

const env = (vars: Record<string, string>) => {
  const r = parseEnv(vars);
  if (!r.ok) throw new Error(r.message);
  return r.env;
};

const deps = { core: createHandler({ log: () => undefined }), log: () => undefined };

describe('slack config from the environment', () => {
  test('GIVEN bot token and signing secret THEN HTTP mode on PORT with the API URL override', () => {
    const c = slackConfigFromEnv(env({ SLACK_BOT_TOKEN: 'xoxb-1-2-x', SLACK_SIGNING_SECRET: 'abcdef0123456789', PORT: '4000', SLACK_API_URL: 'http://127.0.0.1:9/api/' }));
    expect(c).toMatchObject({ botToken: 'xoxb-1-2-x', signingSecret: 'abcdef0123456789', port: 4000, apiUrl: 'http://127.0.0.1:9/api/', logLevel: 'info' });
    expect(c.appToken).toBeUndefined();
    expect(createSlackApp(c, deps).mode).toBe('http');
  });

  test('GIVEN an app-level token THEN Socket Mode', () => {
    const c = slackConfigFromEnv(env({ SLACK_BOT_TOKEN: 'xoxb-1-2-x', SLACK_SIGNING_SECRET: 'abcdef0123456789', SLACK_APP_TOKEN: 'xapp-1-A-2-y' }));
    expect(createSlackApp(c, deps).mode).toBe('socket');
  });

  test('GIVEN no bot token THEN an error naming SLACK_BOT_TOKEN', () => {
    expect(() => slackConfigFromEnv(env({}))).toThrow(SlackConfigError);
    expect(() => slackConfigFromEnv(env({}))).toThrow(/SLACK_BOT_TOKEN/);
  });

  test('GIVEN HTTP mode without a signing secret (explicit config) THEN an error naming SLACK_SIGNING_SECRET', () => {
    expect(() => createSlackApp({ botToken: 'xoxb-1', port: 0, logLevel: 'info' }, deps)).toThrow(/SLACK_SIGNING_SECRET/);
  });
});
