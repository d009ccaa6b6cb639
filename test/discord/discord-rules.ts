/**
 * Discord's published rules, written out independently of the adapter (the stand-in and the
 * command tests use these, so an adapter bug is not mirrored by a stand-in bug):
 * - application commands: https://discord.com/developers/docs/interactions/application-commands
 *   (names `^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$`, lowercase; descriptions 1-100;
 *   <= 25 options, required before optional; <= 25 choices, names 1-100; autocomplete and
 *   choices are exclusive)
 * - message embeds: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 *   (title 256, description 4096, 25 fields, field name 256, value 1024, footer 2048, author
 *   256, 6000 in total across the message's embeds; content 2000; 10 embeds)
 * - autocomplete results: <= 25 choices, name 1-100, string value <= 100.
 * - subcommands (option type 1): a command's options are all subcommands or none; a subcommand
 *   has no `required`, `choices` or `autocomplete`, and its own options follow the option rules.
 * - message components: https://discord.com/developers/docs/components/reference (<= 5 action
 *   rows of 1-5 buttons; a button's style 1-5, label <= 80, `custom_id` 1-100 and unique for
 *   styles 1-4, `url` and no `custom_id` for style 5).
 * - file uploads: https://discord.com/developers/docs/reference#uploading-files (<= 10 files
 *   `files[n]`, each within the size limit; `attachments[].id` names an uploaded `n` or an
 *   attachment the message already has; attachment description <= 1024). Stricter than
 *   Discord in one point: an embed image `attachment://NAME` must name a file of the message
 *   (Discord shows nothing instead; that is the bug this catches).
 * Each rule violation is a `path: message` string, as Discord nests them in error 50035.
 */

const NAME_RE = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const OPTION_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

function checkName(path: string, name: unknown, out: string[]): void {
  const n = str(name);
  if (!NAME_RE.test(n)) out.push(`${path}.name: "${n}" does not match the name pattern`);
  if (n !== n.toLowerCase()) out.push(`${path}.name: "${n}" must be lowercase`);
}

function checkDescription(path: string, d: unknown, out: string[]): void {
  const s = str(d);
  if (s.length < 1 || s.length > 100) out.push(`${path}.description: length ${s.length} not in 1-100`);
}

function checkOption(path: string, o: unknown, out: string[]): void {
  if (!isObj(o)) { out.push(`${path}: not an object`); return; }
  checkName(path, o.name, out);
  checkDescription(path, o.description, out);
  if (!OPTION_TYPES.has(Number(o.type))) out.push(`${path}.type: unknown option type ${String(o.type)}`);
  const choices = Array.isArray(o.choices) ? o.choices : [];
  if (choices.length > 25) out.push(`${path}.choices: ${choices.length} > 25`);
  if (choices.length > 0 && o.autocomplete === true) out.push(`${path}: autocomplete and choices are exclusive`);
  if (choices.length > 0 && ![3, 4, 10].includes(Number(o.type))) out.push(`${path}.choices: only string, integer and number options have choices`);
  choices.forEach((c, i) => {
    const name = isObj(c) ? str(c.name) : '';
    if (name.length < 1 || name.length > 100) out.push(`${path}.choices[${i}].name: length ${name.length} not in 1-100`);
    if (isObj(c) && Number(o.type) === 3 && str(c.value).length > 100) out.push(`${path}.choices[${i}].value: longer than 100`);
  });
  if (o.autocomplete === true && ![3, 4, 10].includes(Number(o.type))) out.push(`${path}.autocomplete: only string, integer and number options`);
  for (const k of ['min_value', 'max_value'] as const) {
    if (o[k] !== undefined && ![4, 10].includes(Number(o.type))) out.push(`${path}.${k}: only integer and number options`);
    if (o[k] !== undefined && Math.abs(Number(o[k])) > 2 ** 53) out.push(`${path}.${k}: out of range`);
  }
  for (const k of ['min_length', 'max_length'] as const) {
    if (o[k] !== undefined && Number(o.type) !== 3) out.push(`${path}.${k}: only string options`);
    if (o[k] !== undefined && (Number(o[k]) < 0 || Number(o[k]) > 6000)) out.push(`${path}.${k}: not in 0-6000`);
  }
}

const isSubcommand = (o: unknown): boolean => isObj(o) && (o.type === 1 || o.type === 2);

/** One level of options: <= 25, names unique, required first; subcommands (1) never mixed with values. */
function checkOptionList(path: string, options: readonly unknown[], out: string[], allowSubcommands: boolean): void {
  if (options.length > 25) out.push(`${path}.options: ${options.length} > 25`);
  const subs = options.filter(isSubcommand).length;
  if (subs > 0 && !allowSubcommands) out.push(`${path}.options: a subcommand cannot hold subcommands`);
  if (subs > 0 && subs < options.length) out.push(`${path}.options: subcommands cannot be mixed with other options`);
  let seenOptional = false;
  const names = new Set<string>();
  options.forEach((o, i) => {
    const p = `${path}.options[${i}]`;
    if (isSubcommand(o) && isObj(o)) {
      checkName(p, o.name, out);
      checkDescription(p, o.description, out);
      for (const k of ['required', 'choices', 'autocomplete'] as const) if (o[k] !== undefined) out.push(`${p}.${k}: not allowed on a subcommand`);
      checkOptionList(p, Array.isArray(o.options) ? o.options : [], out, false);
    } else {
      checkOption(p, o, out);
      const required = isObj(o) && o.required === true;
      if (required && seenOptional) out.push(`${p}: required options must come before optional ones`);
      if (!required) seenOptional = true;
    }
    const n = isObj(o) ? str(o.name) : '';
    if (names.has(n)) out.push(`${p}.name: duplicate "${n}"`);
    names.add(n);
  });
}

/** Violations of Discord's rules in one chat-input command definition. */
export function commandViolations(cmd: unknown, path = 'command'): string[] {
  const out: string[] = [];
  if (!isObj(cmd)) return [`${path}: not an object`];
  checkName(path, cmd.name, out);
  if (cmd.type !== undefined && cmd.type !== 1) out.push(`${path}.type: expected 1 (CHAT_INPUT)`);
  checkDescription(path, cmd.description, out);
  checkOptionList(path, Array.isArray(cmd.options) ? cmd.options : [], out, true);
  return out;
}

/** Violations in a bulk-overwrite body (an array of commands, names unique, <= 100). */
export function commandsBodyViolations(body: unknown): string[] {
  if (!Array.isArray(body)) return ['body: expected an array of commands'];
  const out = body.flatMap((c, i) => commandViolations(c, `${i}`));
  const names = body.map((c) => (isObj(c) ? str(c.name) : ''));
  if (new Set(names).size !== names.length) out.push('body: duplicate command names');
  if (body.length > 100) out.push('body: more than 100 commands');
  return out;
}

function embedLength(e: Json): number {
  const footer = isObj(e.footer) ? str(e.footer.text) : '';
  const author = isObj(e.author) ? str(e.author.name) : '';
  let n = str(e.title).length + str(e.description).length + footer.length + author.length;
  for (const f of Array.isArray(e.fields) ? e.fields : []) if (isObj(f)) n += str(f.name).length + str(f.value).length;
  return n;
}

/** Violations in a message body (interaction reply data, webhook edit or follow-up). */
export function messageViolations(data: unknown, opts: { requireContent: boolean }): string[] {
  if (!isObj(data)) return ['data: not an object'];
  const out: string[] = [];
  const content = str(data.content);
  if (content.length > 2000) out.push(`content: ${content.length} > 2000`);
  const embeds = Array.isArray(data.embeds) ? data.embeds : [];
  if (embeds.length > 10) out.push(`embeds: ${embeds.length} > 10`);
  if (opts.requireContent && content === '' && embeds.length === 0) out.push('message: cannot send an empty message');
  let total = 0;
  embeds.forEach((e, i) => {
    if (!isObj(e)) { out.push(`embeds[${i}]: not an object`); return; }
    const p = `embeds[${i}]`;
    const max = (field: string, s: string, n: number): void => { if (s.length > n) out.push(`${p}.${field}: Must be ${n} or fewer in length (${s.length})`); };
    max('title', str(e.title), 256);
    max('description', str(e.description), 4096);
    if (isObj(e.footer)) max('footer.text', str(e.footer.text), 2048);
    if (isObj(e.author)) max('author.name', str(e.author.name), 256);
    const fields = Array.isArray(e.fields) ? e.fields : [];
    if (fields.length > 25) out.push(`${p}.fields: Must be 25 or fewer in length (${fields.length})`);
    fields.forEach((f, j) => {
      const name = isObj(f) ? str(f.name) : '';
      const value = isObj(f) ? str(f.value) : '';
      if (name.trim() === '') out.push(`${p}.fields[${j}].name: This field is required`);
      if (value.trim() === '') out.push(`${p}.fields[${j}].value: This field is required`);
      max(`fields[${j}].name`, name, 256);
      max(`fields[${j}].value`, value, 1024);
    });
    if (e.color !== undefined && (!Number.isInteger(e.color) || Number(e.color) < 0 || Number(e.color) > 0xffffff)) out.push(`${p}.color: not a 24-bit colour`);
    total += embedLength(e);
  });
  if (total > 6000) out.push(`embeds: Embed size exceeds maximum size of 6000 (${total})`);
  if (data.components !== undefined) out.push(...componentsViolations(data.components));
  const flags = Number(data.flags ?? 0);
  if ((flags & ~(4 | 64 | 4096)) !== 0) out.push(`flags: ${flags} holds flags a message cannot be sent with`);
  return out;
}

/** Violations in an autocomplete result (`type 8`, `data.choices`). */
export function choicesViolations(data: unknown): string[] {
  if (!isObj(data) || !Array.isArray(data.choices)) return ['data.choices: required'];
  const out: string[] = [];
  if (data.choices.length > 25) out.push(`data.choices: Must be 25 or fewer in length (${data.choices.length})`);
  data.choices.forEach((c, i) => {
    const name = isObj(c) ? str(c.name) : '';
    if (name.length < 1 || name.length > 100) out.push(`data.choices[${i}].name: length ${name.length} not in 1-100`);
    if (isObj(c) && typeof c.value === 'string' && c.value.length > 100) out.push(`data.choices[${i}].value: longer than 100`);
  });
  return out;
}

/** Discord's "Invalid Form Body" error (code 50035), errors nested by path as Discord does. */
export function invalidFormBody(violations: readonly string[]): Json {
  const errors: Json = {};
  for (const v of violations) {
    const [path = '', ...msg] = v.split(': ');
    let node = errors;
    for (const seg of path.split(/[.[\]]+/).filter(Boolean)) {
      const next = isObj(node[seg]) ? (node[seg] as Json) : {};
      node[seg] = next;
      node = next;
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : [];
    list.push({ code: 'BASE_TYPE_INVALID', message: msg.join(': ') });
    node._errors = list;
  }
  return { code: 50035, message: 'Invalid Form Body', errors };
}

/** Violations in a message's `components` (action rows of buttons, without Components V2). */
export function componentsViolations(components: unknown): string[] {
  if (!Array.isArray(components)) return ['components: expected an array'];
  const out: string[] = [];
  if (components.length > 5) out.push(`components: Must be 5 or fewer in length (${components.length})`);
  const ids = new Set<string>();
  components.forEach((row, i) => {
    const p = `components[${i}]`;
    if (!isObj(row) || row.type !== 1) { out.push(`${p}.type: a top-level component must be an action row (1)`); return; }
    const items = Array.isArray(row.components) ? row.components : [];
    if (items.length < 1 || items.length > 5) out.push(`${p}.components: Must be between 1 and 5 in length (${items.length})`);
    items.forEach((b, j) => {
      const q = `${p}.components[${j}]`;
      if (!isObj(b) || b.type !== 2) { out.push(`${q}.type: only buttons (2) are checked here`); return; }
      const style = Number(b.style);
      if (!Number.isInteger(style) || style < 1 || style > 5) out.push(`${q}.style: ${String(b.style)} is not a button style`);
      const label = str(b.label);
      if (label.length > 80) out.push(`${q}.label: Must be 80 or fewer in length (${label.length})`);
      if (label === '' && b.emoji === undefined) out.push(`${q}.label: a button needs a label or an emoji`);
      if (style === 5) {
        if (str(b.url) === '') out.push(`${q}.url: a link button needs a url`);
        if (b.custom_id !== undefined) out.push(`${q}.custom_id: a link button cannot have one`);
        return;
      }
      const id = str(b.custom_id);
      if (id.length < 1 || id.length > 100) out.push(`${q}.custom_id: Must be between 1 and 100 in length (${id.length})`);
      if (ids.has(id)) out.push(`${q}.custom_id: duplicate "${id}" in the message`);
      ids.add(id);
    });
  });
  return out;
}

/** A file the message uploads (multipart `files[n]`). */
export interface UploadedFile { readonly key: string; readonly filename: string; readonly data: Buffer }

/**
 * Violations in a message's files: the uploads themselves, `attachments[]` (each id an uploaded
 * index or one of `existing`, the attachments the message already has), and embed images that
 * reference `attachment://NAME`.
 */
export function attachmentViolations(data: unknown, uploads: readonly UploadedFile[], opts: { sizeLimit: number; existing?: readonly Json[] }): string[] {
  const out: string[] = [];
  if (uploads.length > 10) out.push(`files: Must be 10 or fewer in length (${uploads.length})`);
  const indexes = new Map<string, UploadedFile>();
  for (const u of uploads) {
    const n = /^files\[(\d+)\]$/.exec(u.key)?.[1];
    if (n === undefined) out.push(`files: unexpected form field "${u.key}"`);
    else indexes.set(n, u);
    if (u.filename.trim() === '') out.push(`${u.key}.filename: This field is required`);
    if (u.data.length > opts.sizeLimit) out.push(`${u.key}: Request entity too large (${u.data.length} > ${opts.sizeLimit} bytes)`);
  }
  const body = isObj(data) ? data : {};
  const existing = opts.existing ?? [];
  const kept: string[] = [];
  const listed = Array.isArray(body.attachments) ? body.attachments : undefined;
  (listed ?? []).forEach((a, i) => {
    const p = `attachments[${i}]`;
    if (!isObj(a)) { out.push(`${p}: not an object`); return; }
    const id = String(a.id ?? '');
    const upload = indexes.get(id);
    const old = existing.find((e) => String(e.id) === id);
    if (!upload && !old) out.push(`${p}.id: ${id} is neither an uploaded file index nor an attachment of the message`);
    if (old) kept.push(str(old.filename));
    if (str(a.description).length > 1024) out.push(`${p}.description: Must be 1024 or fewer in length (${str(a.description).length})`);
  });
  // Without `attachments`, an edit keeps what the message had; uploads are added either way.
  const names = new Set([...uploads.map((u) => u.filename), ...(listed ? kept : existing.map((e) => str(e.filename)))]);
  (Array.isArray(body.embeds) ? body.embeds : []).forEach((e, i) => {
    if (!isObj(e)) return;
    for (const k of ['image', 'thumbnail'] as const) {
      const url = isObj(e[k]) ? str((e[k] as Json).url) : '';
      const name = url.startsWith('attachment://') ? url.slice('attachment://'.length) : undefined;
      if (name !== undefined && !names.has(name)) out.push(`embeds[${i}].${k}.url: ${url} names no file of this message`);
    }
  });
  return out;
}
