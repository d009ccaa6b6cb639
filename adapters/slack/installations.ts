/**
 * Distribution to many workspaces: Bolt's OAuth flow (`HTTPReceiver` with `clientId`,
 * `clientSecret`, `stateSecret`, `installationStore`; @slack/oauth `InstallProvider`) with the
 * installations kept in the database every instance shares.
 *
 * - `/slack/install` (`InstallProvider.handleInstallPath`, `directInstall`): a 302 to Slack's
 *   authorize URL with a `state` (a JWT signed with SLACK_STATE_SECRET, @slack/oauth
 *   `ClearStateStore`: no server-side state, so any instance can check it) and the same state in
 *   a cookie (`slack-app-oauth-state`), which the callback compares (CSRF protection).
 * - `/slack/oauth_redirect` (`handleCallback`): `oauth.v2.access` with the code, `auth.test` with
 *   the new bot token, then `storeInstallation`.
 * - Each request: Bolt's `authorize` is `InstallProvider.authorize`, which calls
 *   `fetchInstallation({ teamId, enterpriseId, isEnterpriseInstall })` and uses that
 *   workspace's bot token for the request's `client`, `respond` and `say`.
 * - `app_uninstalled` and `tokens_revoked` (bot tokens): the installation is deleted (Bolt skips
 *   `authorize` for these two events, `helpers.isEventTypeToSkipAuthorize`). A command from a
 *   workspace with no installation fails `authorize`; Bolt acks it, calls the error handler,
 *   and the adapter answers through the command's response_url ({@link notInstalledReply}).
 *
 * The rows: one per installation, keyed `E:<enterprise id>` for an org-wide install, else
 * `T:<team id>` (as @slack/oauth `FileInstallationStore` keys its files), the installation as
 * JSON (it holds the bot token: a secret at rest, as the database is).
 */
import type { App, Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { LogFn } from './logger';

/** The row store under {@link createInstallationStore} (adapters/store/shared-pg.ts, shared-sqlite.ts). */
export interface InstallationRows {
  readonly kind: 'sqlite' | 'postgres' | 'memory';
  put(row: { readonly id: string; readonly teamId: string | null; readonly enterpriseId: string | null; readonly json: string; readonly now: number }): Promise<void>;
  get(id: string): Promise<string | undefined>;
  delete(id: string): Promise<boolean>;
}

/** An installation's row key: `E:<enterprise>` for an org-wide install, else `T:<team>`. */
export function installationKey(q: { readonly isEnterpriseInstall?: boolean | undefined; readonly teamId?: string | undefined; readonly enterpriseId?: string | undefined }): string {
  if (q.isEnterpriseInstall === true && q.enterpriseId) return `E:${q.enterpriseId}`;
  if (q.teamId) return `T:${q.teamId}`;
  throw new Error('an installation query needs a teamId (or an enterpriseId for an org-wide install)');
}

/** Thrown by `fetchInstallation` for a workspace that has not installed the app (or uninstalled it). */
export class NotInstalledError extends Error {
  readonly code = 'not_installed';
  constructor(readonly key: string) {
    super(`no installation for ${key}`);
    this.name = 'NotInstalledError';
  }
}

/** Bolt's `InstallationStore` over `rows` (its contract: @slack/oauth installation-stores/interface.d.ts). */
export function createInstallationStore(rows: InstallationRows, now: () => number = Date.now): InstallationStore & { deleteInstallation: NonNullable<InstallationStore['deleteInstallation']> } {
  return {
    async storeInstallation(installation) {
      const isEnterpriseInstall = installation.isEnterpriseInstall === true;
      const id = installationKey({ isEnterpriseInstall, teamId: installation.team?.id, enterpriseId: installation.enterprise?.id });
      await rows.put({ id, teamId: installation.team?.id ?? null, enterpriseId: installation.enterprise?.id ?? null, json: JSON.stringify(installation), now: now() });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const id = installationKey(query);
      const json = await rows.get(id);
      if (json === undefined) throw new NotInstalledError(id);
      return JSON.parse(json) as Installation<'v1' | 'v2', boolean>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await rows.delete(installationKey(query));
    },
  };
}

/** An in-memory row store (tests; a single process that does not need installs to survive a restart). */
export function memoryInstallationRows(): InstallationRows {
  const m = new Map<string, string>();
  return {
    kind: 'memory',
    async put(r) { m.set(r.id, r.json); },
    async get(id) { return m.get(id); },
    async delete(id) { return m.delete(id); },
  };
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (typeof v === 'object' && v !== null ? v as Rec : undefined);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Which installation an event body is about (team, enterprise, org-wide or not). */
function queryOf(body: Rec): { teamId?: string; enterpriseId?: string; isEnterpriseInstall: boolean } {
  const auth = Array.isArray(body.authorizations) ? rec(body.authorizations[0]) : undefined;
  const teamId = s(body.team_id) ?? s(auth?.team_id);
  const enterpriseId = s(body.enterprise_id) ?? s(auth?.enterprise_id);
  const isEnterpriseInstall = body.is_enterprise_install === true || auth?.is_enterprise_install === true;
  return { ...(teamId ? { teamId } : {}), ...(enterpriseId ? { enterpriseId } : {}), isEnterpriseInstall };
}

/**
 * `app_uninstalled` (the app was removed from the workspace) and `tokens_revoked` with bot
 * tokens (the bot token no longer works): the installation is deleted, so the next command from
 * that workspace is answered "not installed" instead of failing on a dead token. User tokens
 * (`tokens.oauth`) are not used by this app: ignored.
 */
export function installationListeners(app: App, store: InstallationStore, log: LogFn): void {
  const remove = async (body: Rec, why: string): Promise<void> => {
    const q = queryOf(body);
    try {
      await store.deleteInstallation?.(q as InstallationQuery<boolean>);
      log(`slack: ${why}; deleted the installation of ${q.isEnterpriseInstall ? `enterprise ${q.enterpriseId ?? '?'}` : `team ${q.teamId ?? '?'}`}`);
    } catch (err) {
      log(`slack: ${why}, but deleting the installation failed`, err, { level: 'error' });
    }
  };
  app.event('app_uninstalled', async ({ body }) => { await remove(body as unknown as Rec, 'app_uninstalled'); });
  app.event('tokens_revoked', async ({ body, event }) => {
    const bots = rec(rec(event)?.tokens)?.bot;
    if (Array.isArray(bots) && bots.length > 0) await remove(body as unknown as Rec, 'tokens_revoked (bot token)');
  });
}

/** The answer to a command from a workspace with no installation (through its response_url). */
export function notInstalledReply(): { response_type: 'ephemeral'; text: string } {
  return {
    response_type: 'ephemeral',
    text: 'vram-bot is not installed in this workspace (it was removed, or its token was revoked). A workspace admin can install it again from the app\'s install page (/slack/install on the bot\'s address).',
  };
}

/**
 * Posts {@link notInstalledReply} to the response_url of a command Bolt could not authorize.
 * Only Slack's own response URLs (hooks.slack.com, or the configured Web API host in tests).
 * Never throws.
 */
export async function answerNotInstalled(body: unknown, allowedHosts: readonly string[], log: LogFn, timeoutMs = 10_000): Promise<boolean> {
  const url = s(rec(body)?.response_url);
  if (!url) return false;
  let host: string;
  try { host = new URL(url).host; } catch { return false; }
  if (!allowedHosts.includes(host)) {
    log(`slack: not answering a command from a workspace with no installation: its response_url host ${host.slice(0, 80)} is not Slack's`);
    return false;
  }
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(notInstalledReply()), signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok;
  } catch (err) {
    log('slack: answering a command from a workspace with no installation failed', err);
    return false;
  }
}
