export { hashSecret, verifySecret, generateSecret } from './secrets';
export {
  TokenService,
  TokenRejected,
  declaredTypeOf,
  generateSigningKey,
  TOKEN_ALGORITHM,
  TOKEN_TYPE,
  type SigningKeyMaterial,
  type TokenClaims,
  type VerifiedToken,
  type TokenRejection,
  type TokenServiceOptions,
  type PrincipalKind,
} from './tokens';
