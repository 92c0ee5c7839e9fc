import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWitnessKey, loadWitnessKey, startWitness, witnessVerifierKey, WitnessStateFile, type WitnessOutcome } from '@ponte/audit';
import { demoClientId, demoClientSecret } from '@ponte/core';

/**
 * An agency's witness of the hub's access log as its own system runs it: with the agency's API
 * client it fetches the checkpoint and tiles and posts its cosignatures (`ponte witness run`); the
 * demo network runs two of them beside the hub.
 */

/** A token of the agency's API client (OAuth 2.0 client credentials, RFC 6749 §4.4). */
export async function clientToken(hubUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const res = await fetch(new URL('/oauth/token', hubUrl), {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`the hub refused the witness's client credentials (${res.status})`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Runs a witness for an agency until stopped, a fresh client token each round. */
export async function runWitness(options: {
  hubUrl: string;
  clientId: string;
  clientSecret: string;
  keyPath: string;
  name: string;
  statePath: string;
  hubKey?: string | undefined;
  intervalMs: number;
  onOutcome: (outcome: WitnessOutcome) => void;
  onError: (error: unknown) => void;
}) {
  const key = await loadWitnessKey(options.keyPath, options.name);
  return startWitness({
    hubUrl: options.hubUrl,
    token: () => clientToken(options.hubUrl, options.clientId, options.clientSecret),
    key,
    state: new WitnessStateFile(options.statePath),
    hubKey: options.hubKey,
    intervalMs: options.intervalMs,
    onOutcome: options.onOutcome,
    onError: options.onError,
  });
}

/** The demo agencies whose witnesses run beside a demo hub. */
export const DEMO_WITNESS_AGENCIES = ['iom', 'unhcr'] as const;

/**
 * The demo network's witnesses: for IOM and UNHCR, a key (kept under the data folder, or a
 * temporary one for memory storage), registered by the agency's demo administrator over the API,
 * then a witness round every `intervalMs` with the agency's demo API client.
 */
export async function startDemoWitnesses(options: { hubUrl: string; dataDir: string; demoPassword: string; intervalMs: number; onOutcome: (agency: string, outcome: WitnessOutcome) => void; onError: (error: unknown) => void }) {
  const folder = options.dataDir.startsWith('memory://') ? await mkdtemp(join(tmpdir(), 'ponte-demo-witnesses-')) : join(options.dataDir, 'witnesses');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const running: Array<{ stop: () => Promise<void> }> = [];
  for (const agency of DEMO_WITNESS_AGENCIES) {
    const keyPath = join(folder, `${agency}.pem`);
    await createWitnessKey(keyPath).catch((error: { code?: string }) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const name = `witness.${agency}.demo/ponte`;
    await registerDemoKey(options.hubUrl, agency, options.demoPassword, witnessVerifierKey(await loadWitnessKey(keyPath, name)));
    running.push(
      await runWitness({
        hubUrl: options.hubUrl,
        clientId: demoClientId(agency),
        clientSecret: demoClientSecret(agency, options.demoPassword),
        keyPath,
        name,
        statePath: join(folder, `${agency}.state.json`),
        intervalMs: options.intervalMs,
        onOutcome: (outcome) => options.onOutcome(agency, outcome),
        onError: options.onError,
      }),
    );
  }
  return { stop: () => Promise.all(running.map((r) => r.stop())) };
}

async function registerDemoKey(hubUrl: string, agency: string, password: string, verifierKey: string) {
  const login = await fetch(new URL('/oauth/token', hubUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', agency, username: 'admin', password }).toString(),
  });
  if (!login.ok) throw new Error(`the demo administrator of ${agency} could not sign in (${login.status})`);
  const { access_token } = (await login.json()) as { access_token: string };
  const res = await fetch(new URL('/v1/log/witness-keys', hubUrl), { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ verifierKey }) });
  // Registered by an earlier run: the same key, kept in the data folder.
  if (!res.ok && res.status !== 409) throw new Error(`registering ${agency}'s demo witness key failed (${res.status})`);
}
