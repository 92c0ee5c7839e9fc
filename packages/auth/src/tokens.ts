import type { TokenRejection } from '@ponte/contracts';
import { createPrivateKey, randomUUID, sign as cryptoSign, type JsonWebKey, type KeyObject } from 'node:crypto';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';

export const TOKEN_ALGORITHM = 'EdDSA';
/** RFC 9068: JWT profile for OAuth 2.0 access tokens. */
export const TOKEN_TYPE = 'at+jwt';

export interface SigningKeyMaterial {
  kid: string;
  publicJwk: JWK;
  /**
   * The private key, for a key this process may sign with (the signing key, a pending one). Absent
   * for a verification-only key: a process holds no private key it will never use.
   */
  privateJwk?: JWK | undefined;
  /**
   * When the key starts signing: before then it is only published, so verifiers have it before the
   * first signature by it. Absent: from always. Of the keys whose time has come, the latest signs.
   */
  signsFrom?: Date | undefined;
}

/** A new Ed25519 key pair, its id the RFC 7638 thumbprint of the public key. */
export async function generateSigningKey(): Promise<SigningKeyMaterial & { privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, publicJwk: { ...publicJwk, kid, alg: TOKEN_ALGORITHM, use: 'sig' }, privateJwk: { ...privateJwk, kid } };
}

export type PrincipalKind = 'user' | 'client' | 'hub_operator';

/** What a verified access token says about its bearer. */
export interface TokenClaims {
  kind: PrincipalKind;
  /** User, API client or operator id. */
  sub: string;
  /** The agency the principal acts for; absent for hub operators. */
  agencyId?: string | undefined;
  roles: string[];
  /** OAuth client id (RFC 9068), for API clients. */
  clientId?: string | undefined;
}

export interface VerifiedToken extends TokenClaims {
  jti: string;
  expiresAt: Date;
}

/** Why a token was refused; logged, and given to the caller as the problem detail. */
export type { TokenRejection } from '@ponte/contracts';

export class TokenRejected extends Error {
  constructor(readonly reason: TokenRejection) {
    super(`access token rejected: ${reason}`);
    this.name = 'TokenRejected';
  }
}

export interface TokenServiceOptions {
  issuer: string;
  audience: string;
  /** Lifetime of an access token. */
  ttlSeconds: number;
  /**
   * Every published key: all verify, by `kid`; at any moment the one whose `signsFrom` is the
   * latest past signs (keys without one: the first given).
   */
  keys: SigningKeyMaterial[];
  /**
   * Reads the published keys again. Called by {@link TokenService.refreshKeys}, and when a signature
   * names a key this process does not know yet (another process may have started using it).
   */
  reloadKeys?: () => Promise<SigningKeyMaterial[]>;
  /** Leeway for clock skew between hub processes. */
  clockToleranceSeconds?: number;
}

/** A signing key at one moment: its id, raw public key and a signer, taken together so they cannot disagree. */
export interface ActiveSigningKey {
  kid: string;
  /** The raw Ed25519 public key (32 bytes), for signed notes' verifier keys. */
  publicKey: Buffer;
  /** An Ed25519 signature of raw bytes, as bytes. */
  sign(data: Uint8Array): Buffer;
}

/**
 * Issues and verifies the hub's short-lived EdDSA access tokens, and signs the hub's documents
 * (receipts, tree heads, checkpoints, webhooks). Verification pins the algorithm, token type,
 * issuer, audience, expiry and not-before; `alg: none` and any key not in the ring are refused.
 * The signing key is chosen by time at each signature, so processes that hold the same keys agree
 * on it without talking to each other.
 */
export class TokenService {
  #keys: SigningKeyMaterial[] = [];
  #jwks: { keys: JWK[] } = { keys: [] };
  #verifyKeys!: ReturnType<typeof createLocalJWKSet>;
  /** Private keys imported once each, by kid, for JWS and raw Ed25519 signatures alike. */
  readonly #privateKeys = new Map<string, KeyObject>();
  #reloading: Promise<void> | undefined;
  #lastReload = 0;
  /**
   * Tokens already verified, by their exact text: a client sends the same token with every
   * request for its lifetime, and checking an Ed25519 signature again costs more than the rest
   * of the token's checks together. Only successes are kept, expiry is checked again on every
   * use, and the oldest entry goes when the cache is full.
   */
  readonly #verified = new Map<string, VerifiedToken>();

  constructor(private readonly options: TokenServiceOptions) {
    this.useKeys(options.keys);
  }

  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  /**
   * Replaces the published keys (after a rotation another process made). A key already known keeps
   * verifying: the set only grows in normal operation, and tokens verified before stay verified.
   */
  useKeys(keys: SigningKeyMaterial[]): void {
    // No private key at all makes a service that only verifies (an offline check of the log); it refuses to sign.
    if (keys.length === 0) throw new Error('TokenService needs at least one key');
    this.#keys = [...keys];
    this.#jwks = { keys: orderedForPublication(keys).map((k) => k.publicJwk) };
    this.#verifyKeys = createLocalJWKSet(this.#jwks);
  }

  /** Reads the keys again through `reloadKeys`; concurrent callers share one read. */
  async refreshKeys(): Promise<void> {
    const reload = this.options.reloadKeys;
    if (!reload) return;
    this.#reloading ??= (async () => {
      try {
        this.#lastReload = Date.now();
        this.useKeys(await reload());
      } finally {
        this.#reloading = undefined;
      }
    })();
    return this.#reloading;
  }

  /** The public keys, as served at `/.well-known/jwks.json`: pending, signing and verification-only alike. */
  jwks(): { keys: JWK[] } {
    return structuredClone(this.#jwks);
  }

  /** Every published key's id and raw Ed25519 public key: what a signature made at any time may be checked against. */
  verificationKeys(): Array<{ kid: string; publicKey: Buffer }> {
    return orderedForPublication(this.#keys).map((k) => ({ kid: k.kid, publicKey: Buffer.from(String(k.publicJwk.x), 'base64url') }));
  }

  /** The key that signs at `now`: of the keys whose time has come, the one whose time came last. */
  signer(now = new Date()): ActiveSigningKey {
    const key = signingKeyAt(this.#keys, now);
    const privateKey = this.#privateKeyOf(key);
    return { kid: key.kid, publicKey: Buffer.from(String(key.publicJwk.x), 'base64url'), sign: (data) => cryptoSign(null, data, privateKey) };
  }

  #privateKeyOf(key: SigningKeyMaterial): KeyObject {
    let imported = this.#privateKeys.get(key.kid);
    if (!imported) {
      imported = createPrivateKey({ key: key.privateJwk as JsonWebKey, format: 'jwk' });
      this.#privateKeys.set(key.kid, imported);
    }
    return imported;
  }

  async issue(claims: TokenClaims, now = new Date()): Promise<string> {
    const key = signingKeyAt(this.#keys, now);
    const iat = Math.floor(now.getTime() / 1000);
    const payload: JWTPayload & Record<string, unknown> = { kind: claims.kind, roles: claims.roles };
    if (claims.agencyId) payload.agency_id = claims.agencyId;
    if (claims.clientId) payload.client_id = claims.clientId;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: TOKEN_TYPE, kid: key.kid })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(claims.sub)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + this.options.ttlSeconds)
      .sign(this.#privateKeyOf(key));
  }

  /** Signs any JSON document as a compact JWS with the key that signs at `now` (consent receipts, tree heads). */
  async sign(payload: Record<string, unknown>, type: string, now = new Date()): Promise<string> {
    const key = signingKeyAt(this.#keys, now);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: type, kid: key.kid })
      .setIssuer(this.options.issuer)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setJti(randomUUID())
      .sign(this.#privateKeyOf(key));
  }

  /** The current signing key's raw Ed25519 public key (32 bytes); {@link signer} gives it with its signer, at one moment. */
  publicKeyBytes(now = new Date()): Buffer {
    return this.signer(now).publicKey;
  }

  /** An Ed25519 signature of raw bytes with the current key, as bytes. */
  signRaw(data: Uint8Array, now = new Date()): Buffer {
    return this.signer(now).sign(data);
  }

  /**
   * An Ed25519 signature of raw bytes with the key that signs at `now`, base64, and the key's id:
   * the Standard Webhooks `v1a` scheme signs `${id}.${timestamp}.${body}` this way.
   */
  signBytes(data: Uint8Array, now = new Date()): { signature: string; kid: string } {
    const signer = this.signer(now);
    return { signature: signer.sign(data).toString('base64'), kid: signer.kid };
  }

  /** Verifies a document signed by {@link sign}: any published key (by kid), EdDSA, the expected type and issuer. */
  async verifySigned(jws: string, type: string, options: { checkIssuer?: boolean } = {}): Promise<JWTPayload> {
    const verify = () =>
      jwtVerify(jws, this.#verifyKeys, {
        algorithms: [TOKEN_ALGORITHM],
        typ: type,
        ...(options.checkIssuer === false ? {} : { issuer: this.options.issuer }),
      });
    try {
      return (await this.#withKeyRefresh(verify)).payload;
    } catch (error) {
      throw new TokenRejected(rejectionOf(error));
    }
  }

  /**
   * Runs a verification; when it names a key this process does not hold, reads the keys once more
   * and tries again: another process may have started signing with a key this one has not read yet.
   * At most one such read every {@link UNKNOWN_KEY_RELOAD_MS}, so made-up key ids cost no database trips.
   */
  async #withKeyRefresh<T>(verify: () => Promise<T>): Promise<T> {
    try {
      return await verify();
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.options.reloadKeys || Date.now() - this.#lastReload < UNKNOWN_KEY_RELOAD_MS) throw error;
      await this.refreshKeys();
      return verify();
    }
  }

  async verify(token: string): Promise<VerifiedToken> {
    const known = this.#verified.get(token);
    if (known) {
      const tolerance = (this.options.clockToleranceSeconds ?? 5) * 1000;
      if (Date.now() - tolerance < known.expiresAt.getTime()) return known;
      this.#verified.delete(token);
      throw new TokenRejected('expired');
    }
    const verified = await this.#verifyAfresh(token);
    if (this.#verified.size >= VERIFIED_CACHE_SIZE) this.#verified.delete(this.#verified.keys().next().value!);
    this.#verified.set(token, verified);
    return verified;
  }

  async #verifyAfresh(token: string): Promise<VerifiedToken> {
    let payload: JWTPayload;
    try {
      ({ payload } = await this.#withKeyRefresh(() =>
        jwtVerify(token, this.#verifyKeys, {
          algorithms: [TOKEN_ALGORITHM],
          typ: TOKEN_TYPE,
          issuer: this.options.issuer,
          audience: this.options.audience,
          requiredClaims: ['iss', 'aud', 'sub', 'exp', 'nbf', 'iat', 'jti'],
          clockTolerance: this.options.clockToleranceSeconds ?? 5,
        }),
      ));
    } catch (error) {
      throw new TokenRejected(rejectionOf(error));
    }
    return claimsOf(payload);
  }
}

/** The type a compact JWS names in its header, unverified: only to choose which check applies. */
export function declaredTypeOf(jws: string): string | undefined {
  try {
    return decodeProtectedHeader(jws).typ;
  } catch {
    return undefined;
  }
}

function rejectionOf(error: unknown): TokenRejection {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') return 'not_yet_valid';
    if (error.claim === 'iss') return 'issuer';
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'typ') return 'type';
    return 'claims';
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return 'signature';
  return 'malformed';
}

/** The least time between two reads of the keys that an unknown key id causes. */
const UNKNOWN_KEY_RELOAD_MS = 10_000;

const signsFromOf = (key: SigningKeyMaterial) => key.signsFrom?.getTime() ?? Number.NEGATIVE_INFINITY;

/**
 * The key that signs at `now`: of the keys this process may sign with whose time has come, the one
 * whose time came last (the first given, among equals). A process whose clock is behind every key's
 * time signs with the earliest one rather than not at all.
 */
export function signingKeyAt<K extends SigningKeyMaterial>(keys: readonly K[], now: Date): K {
  const usable = keys.filter((k) => k.privateJwk);
  let chosen: K | undefined;
  for (const key of usable) if (signsFromOf(key) <= now.getTime() && (!chosen || signsFromOf(key) > signsFromOf(chosen))) chosen = key;
  chosen ??= usable.reduce<K | undefined>((earliest, key) => (!earliest || signsFromOf(key) < signsFromOf(earliest) ? key : earliest), undefined);
  if (!chosen) throw new Error('no key to sign with');
  return chosen;
}

/** Newest first: the pending key (if any), the signing key, then the verification-only ones. */
const orderedForPublication = (keys: readonly SigningKeyMaterial[]) => [...keys].sort((a, b) => signsFromOf(b) - signsFromOf(a));

/** Verified tokens kept at most: about a megabyte per thousand. */
const VERIFIED_CACHE_SIZE = 10_000;

const KINDS: readonly PrincipalKind[] = ['user', 'client', 'hub_operator'];

function claimsOf(payload: JWTPayload): VerifiedToken {
  const { kind, roles, agency_id: agencyId, client_id: clientId } = payload as Record<string, unknown>;
  const valid =
    typeof payload.sub === 'string' &&
    typeof payload.jti === 'string' &&
    KINDS.includes(kind as PrincipalKind) &&
    Array.isArray(roles) &&
    roles.every((r) => typeof r === 'string') &&
    (kind === 'hub_operator' ? agencyId === undefined : typeof agencyId === 'string') &&
    (kind === 'client' ? typeof clientId === 'string' : clientId === undefined);
  if (!valid) throw new TokenRejected('claims');
  return {
    kind: kind as PrincipalKind,
    sub: payload.sub!,
    agencyId: agencyId as string | undefined,
    clientId: clientId as string | undefined,
    roles: roles as string[],
    jti: payload.jti!,
    expiresAt: new Date(payload.exp! * 1000),
  };
}
