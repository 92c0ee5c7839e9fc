import type { TokenRejection } from '@ponte/contracts';
import { createPrivateKey, randomUUID, sign as cryptoSign, type JsonWebKey, type KeyObject } from 'node:crypto';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
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
  privateJwk: JWK;
}

/** A new Ed25519 key pair, its id the RFC 7638 thumbprint of the public key. */
export async function generateSigningKey(): Promise<SigningKeyMaterial> {
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
  /** Signing keys, newest first: the first signs, all verify. */
  keys: SigningKeyMaterial[];
  /** Leeway for clock skew between hub processes. */
  clockToleranceSeconds?: number;
}

/**
 * Issues and verifies the hub's short-lived EdDSA access tokens. Verification pins the
 * algorithm, token type, issuer, audience, expiry and not-before; `alg: none` and any key
 * not in the ring are refused.
 */
export class TokenService {
  readonly #jwks: { keys: JWK[] };
  readonly #verifyKeys: ReturnType<typeof createLocalJWKSet>;
  readonly #signer: SigningKeyMaterial;
  /** The signer's private key, imported once, for raw Ed25519 signatures (webhooks, notes). */
  #signingKey: KeyObject | undefined;
  /**
   * Tokens already verified, by their exact text: a client sends the same token with every
   * request for its lifetime, and checking an Ed25519 signature again costs more than the rest
   * of the token's checks together. Only successes are kept, expiry is checked again on every
   * use, and the oldest entry goes when the cache is full.
   */
  readonly #verified = new Map<string, VerifiedToken>();

  constructor(private readonly options: TokenServiceOptions) {
    const [signer] = options.keys;
    if (!signer) throw new Error('TokenService needs at least one signing key');
    this.#signer = signer;
    this.#jwks = { keys: options.keys.map((k) => k.publicJwk) };
    this.#verifyKeys = createLocalJWKSet(this.#jwks);
  }

  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  /** The public keys, as served at `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    return structuredClone(this.#jwks);
  }

  async issue(claims: TokenClaims, now = new Date()): Promise<string> {
    const key = await importJWK(this.#signer.privateJwk, TOKEN_ALGORITHM);
    const iat = Math.floor(now.getTime() / 1000);
    const payload: JWTPayload & Record<string, unknown> = { kind: claims.kind, roles: claims.roles };
    if (claims.agencyId) payload.agency_id = claims.agencyId;
    if (claims.clientId) payload.client_id = claims.clientId;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: TOKEN_TYPE, kid: this.#signer.kid })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(claims.sub)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + this.options.ttlSeconds)
      .sign(key);
  }

  /** Signs any JSON document as a compact JWS with the hub's current key (consent receipts, webhooks). */
  async sign(payload: Record<string, unknown>, type: string, now = new Date()): Promise<string> {
    const key = await importJWK(this.#signer.privateJwk, TOKEN_ALGORITHM);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: type, kid: this.#signer.kid })
      .setIssuer(this.options.issuer)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setJti(randomUUID())
      .sign(key);
  }

  /** The current signing key's raw Ed25519 public key (32 bytes), for signed notes' verifier keys. */
  publicKeyBytes(): Buffer {
    return Buffer.from(String(this.#signer.publicJwk.x), 'base64url');
  }

  /** An Ed25519 signature of raw bytes with the current key, as bytes. */
  signRaw(data: Uint8Array): Buffer {
    this.#signingKey ??= createPrivateKey({ key: this.#signer.privateJwk as JsonWebKey, format: 'jwk' });
    return cryptoSign(null, data, this.#signingKey);
  }

  /**
   * An Ed25519 signature of raw bytes with the current key, base64, and the key's id: the
   * Standard Webhooks `v1a` scheme signs `${id}.${timestamp}.${body}` this way.
   */
  signBytes(data: Uint8Array): { signature: string; kid: string } {
    return { signature: this.signRaw(data).toString('base64'), kid: this.#signer.kid };
  }

  /** Verifies a document signed by {@link sign}: the hub's key, EdDSA, the expected type and issuer. */
  async verifySigned(jws: string, type: string, options: { checkIssuer?: boolean } = {}): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(jws, this.#verifyKeys, {
        algorithms: [TOKEN_ALGORITHM],
        typ: type,
        ...(options.checkIssuer === false ? {} : { issuer: this.options.issuer }),
      });
      return payload;
    } catch (error) {
      throw new TokenRejected(rejectionOf(error));
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
      ({ payload } = await jwtVerify(token, this.#verifyKeys, {
        algorithms: [TOKEN_ALGORITHM],
        typ: TOKEN_TYPE,
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['iss', 'aud', 'sub', 'exp', 'nbf', 'iat', 'jti'],
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
      }));
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
