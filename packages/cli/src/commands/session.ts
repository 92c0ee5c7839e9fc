import type { Command } from '../command';
import { stringOption } from '../command';
import { credentialsPath, removeProfile, saveProfile, tokenCache } from '../credentials';
import { usageError } from '../exit';
import { connectHub } from '../hub';
import { fields, say } from '../io';

export const login: Command = {
  group: 'login',
  summary: "Sign in with your agency's API client (OAuth 2.0 client credentials) and save the sign-in.",
  notes: [
    'The secret is read from PONTE_CLIENT_SECRET, or from standard input with --client-secret-stdin;',
    'never from an option (it would show in the process list). It is checked by getting a token, then',
    'saved with the hub and the client id in credentials.json (mode 600) under $PONTE_CONFIG_DIR, else',
    '$XDG_CONFIG_HOME/ponte, else ~/.config/ponte. The hub’s checkpoint key is pinned if it has one.',
  ].join('\n'),
  options: {
    hub: { type: 'string', value: '<url>', description: 'the hub’s address, e.g. https://ponte.example' },
    'client-id': { type: 'string', value: '<id>', description: 'your API client’s id' },
    'client-secret-stdin': { type: 'boolean', description: 'read the client secret from standard input' },
    'hub-key': { type: 'string', value: '<verifier key>', description: 'the hub’s checkpoint verifier key, from its operator (pinned)' },
  },
  async run(ctx) {
    const hubUrl = stringOption(ctx, 'hub');
    const clientId = stringOption(ctx, 'client-id');
    if (!hubUrl) throw usageError('--hub is required', ctx.usage);
    if (!clientId) throw usageError('--client-id is required', ctx.usage);
    let url: URL;
    try {
      url = new URL(hubUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw usageError('--hub is an http(s) address, e.g. https://ponte.example', ctx.usage);
    }
    const hubKey = stringOption(ctx, 'hub-key');
    if (hubKey !== undefined && 'invalid' in (await import('@ponte/audit')).parseVerifierKey(hubKey)) throw usageError('--hub-key is the hub’s checkpoint verifier key, as its Ponte-Checkpoint-Key header gives it', ctx.usage);
    const secret = ctx.values['client-secret-stdin'] ? (await ctx.io.stdin()).replace(/\r?\n$/, '') : ctx.io.env.PONTE_CLIENT_SECRET;
    if (!secret) throw usageError('give the client secret in PONTE_CLIENT_SECRET, or on standard input with --client-secret-stdin', ctx.usage);
    const profile = { hub: url.origin + url.pathname.replace(/\/+$/, ''), clientId, clientSecret: secret };
    const hub = connectHub(profile, ctx.io, ctx.lang, tokenCache(ctx.io.env, ctx.profileName, profile));
    await hub.signIn();
    const { data: me } = await hub.call(hub.api.GET('/v1/me'));
    const path = await saveProfile(ctx.io.env, ctx.profileName, { ...profile, ...(hubKey ? { hubKey } : {}) });
    ctx.print(
      () => `${say(ctx.lang, `signed in to ${profile.hub} as ${clientId} (${me.agency ?? '-'}: ${me.roles.join(', ')}); saved in ${path}`, `sessão iniciada em ${profile.hub} como ${clientId} (${me.agency ?? '-'}: ${me.roles.join(', ')}); guardada em ${path}`)}\n`,
      { hub: profile.hub, clientId, agency: me.agency, roles: me.roles, profile: ctx.profileName, credentials: path },
    );
  },
};

export const logout: Command = {
  group: 'logout',
  summary: 'Forget the saved sign-in (the credentials file goes with its last profile).',
  options: {},
  async run(ctx) {
    const removed = await removeProfile(ctx.io.env, ctx.profileName);
    ctx.print(
      () => `${removed ? say(ctx.lang, `signed out (${ctx.profileName})`, `sessão terminada (${ctx.profileName})`) : say(ctx.lang, 'not signed in', 'sem sessão iniciada')}\n`,
      { signedOut: removed, profile: ctx.profileName, credentials: credentialsPath(ctx.io.env) },
    );
  },
};

export const whoami: Command = {
  group: 'whoami',
  summary: 'Who the hub says you are: your API client, its agency and roles.',
  options: {},
  async run(ctx) {
    const hub = await ctx.hub();
    const profile = await ctx.profile();
    const { data: me } = await hub.call(hub.api.GET('/v1/me'));
    ctx.print(() => fields({ ...me, hub: hub.url, clientId: profile.clientId }, [['hub', 'hub'], ['clientId', 'client id'], ['agency', 'agency'], ['roles', 'roles'], ['displayName', 'name']]), { hub: hub.url, clientId: profile.clientId, ...me });
  },
};
