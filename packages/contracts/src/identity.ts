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
    status: z.enum(['active', 'disabled']),
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
  .strictObject({ username: Username, displayName: DisplayName, password: Password, roles: Roles })
  .meta({ id: 'CreateUser' });
export type CreateUser = z.infer<typeof CreateUser>;

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
  })
  .meta({ id: 'ApiClient' });
export type ApiClient = z.infer<typeof ApiClient>;

export const CreateApiClient = z.strictObject({ name: DisplayName, roles: Roles }).meta({ id: 'CreateApiClient' });
export type CreateApiClient = z.infer<typeof CreateApiClient>;

export const IssuedApiClient = ApiClient.extend({
  clientSecret: z.string().meta({ description: 'Shown once; the hub keeps only a slow hash of it' }),
}).meta({ id: 'IssuedApiClient' });

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
