export { hashSecret, verifySecret, generateSecret } from './secrets';
export {
  TokenService,
  TokenRejected,
  declaredTypeOf,
  generateSigningKey,
  signingKeyAt,
  TOKEN_ALGORITHM,
  TOKEN_TYPE,
  type SigningKeyMaterial,
  type ActiveSigningKey,
  type TokenClaims,
  type VerifiedToken,
  type TokenRejection,
  type TokenServiceOptions,
  type PrincipalKind,
} from './tokens';
export {
  KeyEncryptionKey,
  KeyEncryptionKeyError,
  resolveKeyEncryptionKey,
  EMBEDDED_KEY_ENCRYPTION_KEY_FILE,
  KEY_ENCRYPTION_KEY_FILE_SETTING,
  KEY_ENCRYPTION_KEY_SETTING,
  type KeyEncryptionKeySource,
  type KeyEncryptionKeySources,
  type SealedPrivateKey,
  type SecretSealer,
} from './key-encryption';
export { generateWebhookSecret, webhookSecretContext, webhookSignatureV1, WEBHOOK_SECRET_PREFIX } from './webhook-secrets';
