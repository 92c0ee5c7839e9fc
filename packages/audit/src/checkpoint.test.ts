import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointOrigin, checkpointText, noteVerifierKey, signNote } from './checkpoint';

/** The example key and note of Go's `golang.org/x/mod/sumdb/note` (its documentation and tests). */
const GO_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

function goKey() {
  const seed = Buffer.from(GO_SIGNER.split('+').slice(4).join('+'), 'base64').subarray(1);
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const publicKey = Buffer.from(String(createPublicKey(privateKey).export({ format: 'jwk' }).x), 'base64url');
  return { privateKey, publicKey };
}

describe('signed notes and checkpoints', () => {
  it('signs a note exactly as Go’s sumdb/note does, with the same verifier key', () => {
    const { privateKey, publicKey } = goKey();
    expect(noteVerifierKey('PeterNeumann', publicKey)).toBe(GO_VERIFIER);
    expect(signNote(GO_TEXT, 'PeterNeumann', publicKey, (data) => sign(null, data, privateKey))).toBe(GO_NOTE);
  });

  it('refuses a text without its final newline', () => {
    const { privateKey, publicKey } = goKey();
    expect(() => signNote('no newline', 'PeterNeumann', publicKey, (data) => sign(null, data, privateKey))).toThrow();
  });

  it('writes the origin, the size and the root in base64', () => {
    expect(checkpointOrigin('https://ponte.example.org/')).toBe('ponte.example.org');
    expect(checkpointOrigin('http://localhost:3000')).toBe('localhost:3000');
    expect(checkpointOrigin('https://hub.example.org/ponte/')).toBe('hub.example.org/ponte');
    expect(checkpointText('ponte.example.org', 7, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(
      'ponte.example.org\n7\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
    );
  });
});
