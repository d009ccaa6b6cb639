/**
 * Builds the real Bolt `App` from explicit config: Socket Mode when an app-level token is
 * given, otherwise HTTP (Bolt's `HTTPReceiver` on `port`, path `/slack/events`). Signature
 * verification stays on: forged or stale (> 5 min) requests get 401 from Bolt itself; the
 * request gate (`guard.ts`, given as `hooks`) sits in front of it for what Bolt does not check
 * (future timestamps, replays, bodies Bolt cannot route).
 */
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger, type webApi } from '@slack/bolt';
import { BOT_SCOPES, EVENTS_PATH, INSTALL_PATH, OAUTH_REDIRECT_PATH, SlackConfigError, type SlackConfig } from './config';
import type { HttpGate } from './guard';

export type BoltParts =
  | { readonly mode: 'http'; readonly app: App; readonly receiver: HTTPReceiver }
  | { readonly mode: 'socket'; readonly app: App; readonly receiver: SocketModeReceiver };

/** Web API retries for our own calls (auth.test, the ephemeral fallback): few and quick. */
const WEB_API_RETRIES = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 };
const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

/** `fetch` with a deadline, so a hanging response_url cannot hold a request forever. */
function fetchWithTimeout(timeoutMs: number): webApi.FetchFunction {
  return (url, init) => fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
}

/**
 * @param config explicit settings (see `slackConfigFromEnv`)
 * @param logger Bolt logger (redacting)
 * @throws SlackConfigError when HTTP mode lacks the signing secret
 */
export function createBoltApp(config: SlackConfig, logger: Logger, hooks?: HttpGate): BoltParts {
  const logLevel = config.logLevel as LogLevel;
  const timeout = config.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const slackApiUrl = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};
  const clientOptions: webApi.WebClientOptions = { ...slackApiUrl, retryConfig: WEB_API_RETRIES, timeout, fetch: fetchWithTimeout(timeout) };
  // The app's own Web API client and respond(); auth.test runs in `init()` so a bad token fails start-up.
  // extendedErrorHandler: `app.error` gets the request's context too (its `reqId`).
  // With OAuth no token: Bolt's `authorize` is the installer's (App.initAuthorizeIfNoTokenIsGiven), a token per workspace.
  const common = { ...(config.oauth ? {} : { token: config.botToken }), logger, logLevel, clientOptions, deferInitialization: true, extendedErrorHandler: true } as const;
  if (!config.oauth && !config.botToken) throw new SlackConfigError('SLACK_BOT_TOKEN is required (or the OAuth settings for distribution)');

  if (config.appToken) {
    if (config.oauth) throw new SlackConfigError('OAuth distribution needs HTTP mode: unset SLACK_APP_TOKEN');
    const receiver = new SocketModeReceiver({
      appToken: config.appToken,
      logger,
      logLevel,
      // apps.connections.open keeps Socket Mode's own (long) retry policy; only the base URL changes.
      installerOptions: { clientOptions: { ...slackApiUrl } },
      ...(config.socketPingTimeoutMs ? { clientPingTimeout: config.socketPingTimeoutMs } : {}),
    });
    return { mode: 'socket', receiver, app: new App({ ...common, receiver }) };
  }

  if (!config.signingSecret) throw new SlackConfigError('SLACK_SIGNING_SECRET is required in HTTP mode');
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret,
    signatureVerification: true,
    endpoints: EVENTS_PATH,
    port: config.port,
    logger,
    logLevel,
    // OAuth: Bolt's installer (@slack/oauth InstallProvider) on /slack/install (a 302 to Slack's
    // authorize page: directInstall) and /slack/oauth_redirect; its oauth.v2.access and auth.test
    // go to the same Web API base URL as everything else (installerOptions.clientOptions).
    ...(config.oauth ? {
      clientId: config.oauth.clientId,
      clientSecret: config.oauth.clientSecret,
      stateSecret: config.oauth.stateSecret,
      installationStore: config.oauth.installationStore,
      scopes: [...(config.oauth.scopes ?? BOT_SCOPES)],
      installerOptions: {
        directInstall: true,
        installPath: INSTALL_PATH,
        redirectUriPath: OAUTH_REDIRECT_PATH,
        clientOptions: { ...slackApiUrl, timeout },
        ...(config.oauth.authorizationUrl ? { authorizationUrl: config.oauth.authorizationUrl } : {}),
      },
    } : {}),
    ...(config.customRoutes && config.customRoutes.length > 0 ? { customRoutes: config.customRoutes.map((r) => ({ path: r.path, method: r.method, handler: r.handler })) } : {}),
    ...(hooks ? {
      customPropertiesExtractor: (req) => hooks.customProperties(req),
      processEventErrorHandler: (args) => hooks.processEventError(args),
    } : {}),
  });
  // `requestListener` is the public property Bolt's own server calls for each request.
  if (hooks) receiver.requestListener = hooks.wrap(receiver.requestListener);
  return { mode: 'http', receiver, app: new App({ ...common, receiver }) };
}
