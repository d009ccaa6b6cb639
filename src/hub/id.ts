import { hubFail, hubOk, type HubResult } from './errors';

/**
 * One segment of a Hub id (the org or the repo name): starts with a letter or digit, then up to
 * 95 letters, digits, `.`, `_` or `-` (the Hub's own limit is 96 characters).
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** Whole-id shape; {@link validateHubId} checks the parts first to say precisely what is wrong. */
const HUB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** `example.com`, `hf.co`, `www.huggingface.co`: a first segment that names a host, not an organisation. */
const HOST_LIKE = /^([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/;

/** First path segments of huggingface.co that are routes, not organisations. */
const RESERVED_ORGS = new Set(['api', 'datasets', 'spaces']);

/** Longest text worth inspecting: two 96-character segments and the slash. */
const MAX_LENGTH = 96 * 2 + 1;

/**
 * Checks that `text` is a plain Hugging Face model id, `org/name`, and nothing else: no URL or
 * host, no `@revision`, no path tricks (`..`, `%2e`, backslashes, `?`, `#`, extra slashes), no
 * leading `.` or `-`. Case is preserved. The id is safe to splice into a Hub URL path.
 *
 * @example validateHubId('Qwen/Qwen2.5-7B-Instruct') // ok: 'Qwen/Qwen2.5-7B-Instruct'
 * @example validateHubId('https://evil.example/x') // bad_hub_id: "... a URL ..."
 * @example validateHubId('a/b/../c') // bad_hub_id: "... `..` ..."
 */
export function validateHubId(text: string): HubResult<string> {
  const bad = (detail: string): HubResult<string> => hubFail({ code: 'bad_hub_id', id: text.slice(0, MAX_LENGTH), detail });
  if (text.length === 0) return bad('It is empty.');
  if (text.length > MAX_LENGTH) return bad(`It is longer than ${MAX_LENGTH} characters.`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('/')) return bad('It looks like a URL; give only the `org/name` part.');
  if (text.includes('@')) return bad('Revisions (`@...`) are not supported; give the id alone.');
  if (text.includes('..')) return bad('It contains `..`.');
  const odd = /[^A-Za-z0-9._/-]/.exec(text);
  if (odd) {
    const ch = odd[0];
    const shown = /^[\x21-\x7e]$/.test(ch) ? `\`${ch}\`` : `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return bad(`It contains ${shown}; only letters, digits, \`.\`, \`_\`, \`-\` and one \`/\` are allowed.`);
  }
  const parts = text.split('/');
  if (HOST_LIKE.test(parts[0] ?? '')) return bad(`\`${parts[0] ?? ''}\` looks like a host name; give only the Hub \`org/name\`.`);
  if (parts.length !== 2) return bad(`It has ${parts.length - 1} slashes; a Hub model id has exactly one (\`org/name\`).`);
  const [org = '', name = ''] = parts;
  for (const [what, seg] of [['organisation', org], ['name', name]] as const) {
    if (!SEGMENT.test(seg)) {
      return bad(seg === '' ? `The ${what} part is empty.` : `The ${what} part \`${seg}\` must start with a letter or digit and be at most 96 characters.`);
    }
  }
  if (RESERVED_ORGS.has(org.toLowerCase())) return bad(`\`${org}/\` is a Hub route, not an organisation.`);
  return HUB_ID.test(text) ? hubOk(text) : bad('It is not of the form `org/name`.');
}

/** True when `text` has the shape of a Hub id (`org/name`), valid or not: used to decide whether to try the Hub. */
export function looksLikeHubId(text: string): boolean {
  return text.includes('/');
}
