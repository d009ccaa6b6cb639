/**
 * Payloads the stand-in sends, shaped like Discord's (API v10): users, the guild, messages, and
 * INTERACTION_CREATE for slash commands (type 2), button clicks (type 3, MESSAGE_COMPONENT) and
 * autocomplete (type 4), from a member with given permissions. Options are checked against the
 * registered definition (subcommands included) the way Discord's client checks what a user types.
 */
export type Json = Record<string, unknown>;

/** A registered command as Discord stores it (the PUT body plus ids). */
export interface RegisteredCommand extends Json {
  readonly id: string;
  readonly name: string;
  readonly options?: readonly Json[];
}

/** Option values as a user would enter them, by option name, in the order typed. */
export type OptionInput = Readonly<Record<string, string | number | boolean>>;

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;
/** A fresh snowflake (timestamp << 22 | increment). */
export function snowflake(): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | increment).toString();
}

export const USER_ID = '80351110224678912';
export const CHANNEL_ID = '1101001001001001001';

/** Who acts: a guild member and their computed permissions in the channel (a decimal bit set). */
export interface StandinMember {
  readonly id: string;
  readonly username: string;
  readonly permissions: string;
}

/** Permission bits (https://discord.com/developers/docs/topics/permissions). */
export const PERMISSIONS = {
  manageGuild: 1n << 5n,
  administrator: 1n << 3n,
  /** What an ordinary member has: view, send, embed links, attach files, history, use commands. */
  member: (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 31n),
} as const;

/** A member with ordinary permissions, plus Manage Server when `manageGuild`. */
export function member(id: string, username: string, opts: { manageGuild?: boolean } = {}): StandinMember {
  return { id, username, permissions: (PERMISSIONS.member | (opts.manageGuild ? PERMISSIONS.manageGuild : 0n)).toString() };
}

/** The default caller: Ada, with a wide set of permissions but neither Manage Server nor Administrator. */
export const ADA: StandinMember = { id: USER_ID, username: 'ada', permissions: '2248473465835073' };

export function botUser(applicationId: string): Json {
  return { id: applicationId, username: 'vram-bot', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0, verified: true, mfa_enabled: false, email: null };
}

/**
 * Which shard receives a guild's events: Discord's sharding formula
 * `shard_id = (guild_id >> 22) % num_shards` (developers/events/gateway.mdx, "Sharding Formula",
 * discord/discord-api-docs).
 */
export function shardOf(guildId: string, numShards: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(numShards));
}

/**
 * The text channel of a guild: `CHANNEL_ID` for the stand-in's main guild, and for any other
 * guild a snowflake derived from the guild's id, so that no two guilds share a channel.
 */
export function channelIdOf(guildId: string, mainGuildId: string): string {
  return guildId === mainGuildId ? CHANNEL_ID : (BigInt(guildId) + 1n).toString();
}

function channel(guildId: string, channelId: string = CHANNEL_ID): Json {
  return { id: channelId, type: 0, guild_id: guildId, name: 'ml-infra', position: 0, flags: 0, parent_id: null, topic: null, nsfw: false, last_message_id: null, rate_limit_per_user: 0, permission_overwrites: [] };
}

/** GUILD_CREATE for one of the bot's guilds (what the Guilds intent delivers after READY), with its one text channel. */
export function guildCreate(guildId: string, applicationId: string, channelId: string = CHANNEL_ID): Json {
  return {
    id: guildId, name: 'ML team', icon: null, splash: null, discovery_splash: null, owner_id: USER_ID, afk_channel_id: null, afk_timeout: 300,
    verification_level: 1, default_message_notifications: 1, explicit_content_filter: 2, features: [], mfa_level: 0, system_channel_id: channelId,
    system_channel_flags: 0, rules_channel_id: null, vanity_url_code: null, description: null, banner: null, premium_tier: 0, premium_subscription_count: 0,
    preferred_locale: 'en-US', public_updates_channel_id: null, nsfw_level: 0, premium_progress_bar_enabled: false, safety_alerts_channel_id: null,
    roles: [{ id: guildId, name: '@everyone', color: 0, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: '559623605571137', managed: false, mentionable: false, flags: 0 }],
    emojis: [], stickers: [], joined_at: new Date().toISOString(), large: false, unavailable: false, member_count: 2,
    voice_states: [], members: [{ user: botUser(applicationId), roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, pending: false }],
    channels: [channel(guildId, channelId)], threads: [], presences: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
  };
}

/** A message object as Discord returns it from webhook routes. */
export function messageObject(applicationId: string, _guildId: string, data: Json): Json {
  return {
    id: snowflake(), type: 20, content: '', channel_id: CHANNEL_ID, author: botUser(applicationId), attachments: [], embeds: [], mentions: [], mention_roles: [],
    pinned: false, mention_everyone: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: 0, components: [],
    application_id: applicationId, webhook_id: applicationId, ...data,
  };
}

/**
 * `data.options` for an interaction: each value typed per the registered option (string 3,
 * integer 4, boolean 5, number 10), validated as Discord's client does (choices, min/max,
 * required). With `focused`, that option's value is the partial text typed so far.
 */
export function commandOptions(cmd: RegisteredCommand, input: OptionInput, focused?: string, subcommand?: string): Json[] {
  const top = cmd.options ?? [];
  const subs = top.filter((d) => d.type === 1);
  if (subcommand === undefined && subs.length > 0) throw new Error(`stand-in: /${cmd.name} needs a subcommand (${subs.map((d) => String(d.name)).join(', ')})`);
  if (subcommand !== undefined) {
    const def = subs.find((d) => d.name === subcommand);
    if (!def) throw new Error(`stand-in: /${cmd.name} has no subcommand \`${subcommand}\``);
    const inner = leafOptions(`${cmd.name} ${subcommand}`, (def.options ?? []) as Json[], input, focused);
    return [{ name: subcommand, type: 1, options: inner }];
  }
  return leafOptions(cmd.name, top, input, focused);
}

function leafOptions(cmdName: string, defs: readonly Json[], input: OptionInput, focused: string | undefined): Json[] {
  const out: Json[] = [];
  for (const [name, value] of Object.entries(input)) {
    const def = defs.find((d) => d.name === name);
    if (!def) throw new Error(`stand-in: /${cmdName} has no option \`${name}\``);
    const type = Number(def.type);
    if (name === focused) {
      if (def.autocomplete !== true) throw new Error(`stand-in: option \`${name}\` has no autocomplete`);
      out.push({ name, type, value: String(value), focused: true });
      continue;
    }
    const choices = (def.choices ?? []) as { value: unknown }[];
    const ok =
      type === 3 ? typeof value === 'string' && (choices.length === 0 || choices.some((c) => c.value === value)) && value.length >= Number(def.min_length ?? 0) && value.length <= Number(def.max_length ?? 6000)
        : type === 4 ? Number.isInteger(value) && Number(value) >= Number(def.min_value ?? -(2 ** 53)) && Number(value) <= Number(def.max_value ?? 2 ** 53)
          : type === 5 ? typeof value === 'boolean'
            : type === 10 ? typeof value === 'number' : false;
    if (!ok) throw new Error(`stand-in: Discord's client would not send ${name}=${JSON.stringify(value)} for /${cmdName}`);
    out.push({ name, type, value });
  }
  if (focused === undefined) {
    for (const d of defs) if (d.required === true && !(String(d.name) in input)) throw new Error(`stand-in: /${cmdName} needs \`${String(d.name)}\``);
  }
  return out;
}

interface PayloadBase {
  readonly rec: { readonly id: string; readonly token: string };
  readonly guildId: string;
  readonly applicationId: string;
  /** Default {@link ADA}. */
  readonly member?: StandinMember;
  /** The guild's text channel (default `CHANNEL_ID`). */
  readonly channelId?: string;
}

export type PayloadInput =
  | (PayloadBase & { readonly type: 2 | 4; readonly cmd: RegisteredCommand; readonly options: Json[] })
  /** A click on the button `customId` of `message` (a message object the bot sent). */
  | (PayloadBase & { readonly type: 3; readonly customId: string; readonly message: Json });

/** The buttons' custom ids in a message object's components. */
export function messageCustomIds(message: Json): string[] {
  const rows = Array.isArray(message.components) ? (message.components as Json[]) : [];
  return rows.flatMap((r) => (Array.isArray(r.components) ? (r.components as Json[]) : [])).map((b) => String(b.custom_id ?? ''));
}

/**
 * INTERACTION_CREATE `d` for a slash command (2), a button click (3) or autocomplete (4) in a
 * guild text channel.
 */
export function interactionPayload(p: PayloadInput): Json {
  const m = p.member ?? ADA;
  const user = { id: m.id, username: m.username, discriminator: '0', global_name: m.username, avatar: null, public_flags: 0, avatar_decoration_data: null, clan: null, primary_guild: null };
  const data = p.type === 3
    ? { custom_id: p.customId, component_type: 2 }
    : { id: p.cmd.id, name: p.cmd.name, type: 1, options: p.options, guild_id: p.guildId };
  return {
    id: p.rec.id,
    application_id: p.applicationId,
    type: p.type,
    token: p.rec.token,
    data,
    ...(p.type === 3 ? { message: p.message } : {}),
    guild_id: p.guildId,
    guild: { id: p.guildId, locale: 'en-US', features: [] },
    channel_id: p.channelId ?? CHANNEL_ID,
    channel: channel(p.guildId, p.channelId ?? CHANNEL_ID),
    member: {
      user, roles: [], joined_at: '2024-01-01T00:00:00.000000+00:00', deaf: false, mute: false, flags: 0, pending: false,
      permissions: m.permissions, nick: null, avatar: null, banner: null, premium_since: null, communication_disabled_until: null, unusual_dm_activity_until: null,
    },
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': p.guildId },
    context: 0,
    attachment_size_limit: 10485760,
    version: 1,
  };
}
