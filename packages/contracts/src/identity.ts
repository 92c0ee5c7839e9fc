import { z } from 'zod';
import { UserRole } from './catalogue';
import { DisplayName, Password, Slug, Timestamp, Username, Uuid } from './common';

const Roles = z
  .array(UserRole)
  .min(1)
  .refine((r) => new Set(r).size === r.length, { message: 'roles must be distinct', params: { check: 'unique', pt: 'as funções devem ser distintas' } });

export const User = z
  .object({
    id: Uuid,
    agency: Slug,
    username: Username,
    displayName: z.string(),
    roles: z.array(UserRole),
    status: z.enum(['pending', 'active', 'disabled']).meta({ description: '`pending` until the person sets a password with their one-time code' }),
    secondFactor: z.boolean().meta({ description: 'Whether the account signs in with a TOTP second factor' }),
    createdAt: Timestamp,
    disabledAt: Timestamp.nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

/** A person a received referral may be assigned to: who they are in the agency, nothing more. */
export const AssignableUser = z
  .object({ id: Uuid, displayName: z.string(), team: z.string().nullable(), roles: z.array(UserRole) })
  .meta({ id: 'AssignableUser' });
export type AssignableUser = z.infer<typeof AssignableUser>;

export const CreateUser = z
  .strictObject({
    username: Username,
    displayName: DisplayName,
    password: Password.optional().meta({
      description: 'Omit it (recommended) to get a one-time code with which the person sets their own password',
    }),
    roles: Roles,
  })
  .meta({ id: 'CreateUser' });
export type CreateUser = z.infer<typeof CreateUser>;

/** A code, shown once, with which a person sets their own password (the hub keeps only its hash). */
const OneTimeCode = z.string().min(8).max(64);

export const IssuedOneTimeCode = z
  .object({
    user: User,
    oneTimeCode: OneTimeCode.meta({ description: 'Shown once: give it to the person, who sets their password with it' }),
    expiresAt: Timestamp,
    activationUrl: z.string().meta({ description: 'The console page where the person uses the code (the code is never in a URL)' }),
  })
  .meta({ id: 'IssuedOneTimeCode' });
export type IssuedOneTimeCode = z.infer<typeof IssuedOneTimeCode>;

/** The user created: with a one-time code when no password was given. */
export const CreatedUser = User.extend({
  oneTimeCode: OneTimeCode.optional().meta({ description: 'Shown once, when no password was given' }),
  oneTimeCodeExpiresAt: Timestamp.optional(),
}).meta({ id: 'CreatedUser' });
export type CreatedUser = z.infer<typeof CreatedUser>;

export const CreateAgencyAdministrator = z.strictObject({ username: Username, displayName: DisplayName }).meta({ id: 'CreateAgencyAdministrator' });
export type CreateAgencyAdministrator = z.infer<typeof CreateAgencyAdministrator>;

export const ResetUser = z
  .strictObject({
    removeSecondFactor: z.boolean().default(false).meta({ description: 'Also remove the second factor (a lost phone); the person enrols again' }),
  })
  .meta({ id: 'ResetUser' });
export type ResetUser = z.infer<typeof ResetUser>;

/** Which account: an agency's user (with the agency's slug), or a hub operator (without). */
const AccountName = {
  agency: Slug.optional().meta({ description: "The user's agency; omitted for hub operators" }),
  username: Username,
};
/** A TOTP code (6 digits) or one of the account's recovery codes. */
const Otp = z.string().trim().min(6).max(40);

export const ActivateAccount = z
  .strictObject({ ...AccountName, code: OneTimeCode, newPassword: Password })
  .meta({ id: 'ActivateAccount', description: 'Sets the password of a new or reset account with its one-time code' });
export type ActivateAccount = z.infer<typeof ActivateAccount>;

export const ChangePassword = z
  .strictObject({ ...AccountName, currentPassword: z.string().min(1).max(128), newPassword: Password, otp: Otp.optional() })
  .meta({ id: 'ChangePassword' });
export type ChangePassword = z.infer<typeof ChangePassword>;

export const BeginSecondFactor = z
  .strictObject({ ...AccountName, password: z.string().min(1).max(128) })
  .meta({ id: 'BeginSecondFactor' });
export type BeginSecondFactor = z.infer<typeof BeginSecondFactor>;

export const SecondFactorEnrolment = z
  .object({
    ticket: z.string().meta({ description: 'Confirms this enrolment with a first code; valid for ten minutes' }),
    secret: z.string().meta({ description: 'The TOTP secret in base 32, for apps that cannot scan the QR code' }),
    otpauthUri: z.string().meta({ description: 'The otpauth:// URI the QR code holds' }),
    expiresAt: Timestamp,
  })
  .meta({ id: 'SecondFactorEnrolment' });
export type SecondFactorEnrolment = z.infer<typeof SecondFactorEnrolment>;

export const ConfirmSecondFactor = z
  .strictObject({ ...AccountName, ticket: z.string().min(16).max(100), otp: z.string().trim().regex(/^\d{6}$/, 'six digits') })
  .meta({ id: 'ConfirmSecondFactor' });
export type ConfirmSecondFactor = z.infer<typeof ConfirmSecondFactor>;

export const RecoveryCodes = z
  .object({ recoveryCodes: z.array(z.string()).meta({ description: 'Shown once; each signs in once in place of a code' }) })
  .meta({ id: 'RecoveryCodes' });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

export const ApiClient = z
  .object({
    id: Uuid,
    agency: Slug,
    clientId: z.string(),
    name: z.string(),
    roles: z.array(UserRole),
    status: z.enum(['active', 'revoked']),
    createdAt: Timestamp,
    revokedAt: Timestamp.nullable(),
    previousSecretExpiresAt: Timestamp.nullable().meta({ description: 'Until when the secret a rotation replaced still works' }),
  })
  .meta({ id: 'ApiClient' });
export type ApiClient = z.infer<typeof ApiClient>;

export const CreateApiClient = z.strictObject({ name: DisplayName, roles: Roles }).meta({ id: 'CreateApiClient' });
export type CreateApiClient = z.infer<typeof CreateApiClient>;

export const IssuedApiClient = ApiClient.extend({
  clientSecret: z.string().meta({ description: 'Shown once; the hub keeps only a slow hash of it' }),
}).meta({ id: 'IssuedApiClient' });
export type IssuedApiClient = z.infer<typeof IssuedApiClient>;

export const RotateApiClientSecret = z
  .strictObject({
    overlapHours: z.number().int().min(0).max(168).default(24).meta({ description: 'How long the old secret keeps working (0: it stops at once)' }),
  })
  .meta({ id: 'RotateApiClientSecret' });
export type RotateApiClientSecret = z.infer<typeof RotateApiClientSecret>;

/** OAuth 2.0 token request: client credentials for API clients, password for people. */
export const TokenRequest = z
  .discriminatedUnion('grant_type', [
    z.strictObject({
      grant_type: z.literal('client_credentials'),
      client_id: z.string().min(1).max(100).optional(),
      client_secret: z.string().min(1).max(200).optional(),
      scope: z.string().max(500).optional(),
    }),
    z.strictObject({
      grant_type: z.literal('password'),
      agency: Slug.optional().meta({ description: "The user's agency; omitted for hub operators" }),
      username: Username,
      password: z.string().min(1).max(128),
      otp: Otp.optional().meta({ description: 'A TOTP code (or a recovery code) when the account has a second factor' }),
      scope: z.string().max(500).optional(),
    }),
  ])
  .meta({ id: 'TokenRequest' });
export type TokenRequest = z.infer<typeof TokenRequest>;

export const TokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
  })
  .meta({ id: 'TokenResponse' });
export type TokenResponse = z.infer<typeof TokenResponse>;

/** A refusal at the token endpoint (RFC 6749 §5.2). */
export const TokenError = z
  .object({
    error: z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'server_error', 'temporarily_unavailable']),
    error_description: z.string().meta({ description: 'English, or Portuguese by Accept-Language; printable ASCII only (RFC 6749 §5.2)' }),
    errors: z
      .array(z.object({ in: z.string(), field: z.string(), pointer: z.string(), check: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'Each parameter that failed a check, as in the problem documents of the rest of the API' }),
  })
  .meta({ id: 'TokenError' });

/** What the hub says of itself as an OAuth 2.0 authorization server (RFC 8414). */
export const AuthorizationServerMetadata = z
  .object({
    issuer: z.string().meta({ description: 'The `iss` of the tokens the hub issues: its public URL' }),
    token_endpoint: z.string(),
    jwks_uri: z.string(),
    grant_types_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    service_documentation: z.string(),
    ui_locales_supported: z.array(z.string()),
  })
  .meta({ id: 'AuthorizationServerMetadata' });
export type AuthorizationServerMetadata = z.infer<typeof AuthorizationServerMetadata>;

export const PRINCIPAL_KINDS = ['user', 'client', 'hub_operator'] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

export const Me = z
  .object({
    kind: z.enum(PRINCIPAL_KINDS),
    id: Uuid,
    agency: Slug.nullable(),
    roles: z.array(z.string()),
    displayName: z.string(),
  })
  .meta({ id: 'Me' });

export const AccountActivated = z.object({ status: z.literal('active') }).meta({ id: 'AccountActivated' });
export const PasswordChanged = z.object({ status: z.literal('changed') }).meta({ id: 'PasswordChanged' });
