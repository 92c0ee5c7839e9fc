import { KeyEncryptionKey } from '@ponte/auth';

/**
 * The key-encryption key the test databases' signing keys are sealed under: the template's key and
 * every clone's. Public, as a test fixture is; a deployment's own comes from `openssl rand -base64 32`.
 */
export const TEST_KEY_ENCRYPTION_KEY = 'Nbj+otwph29msVNtYYLYEO1Mt3gDTiIoz5/dewJWXi4=';

export const testKeyEncryptionKey = KeyEncryptionKey.parse(TEST_KEY_ENCRYPTION_KEY, 'the test key-encryption key');

/** What `ensureSigningKeys` and `loadSigningKeys` take in tests. */
export const TEST_SIGNING_KEY_OPTIONS = { keyEncryptionKey: testKeyEncryptionKey };
