import {
	createHash,
	createHmac,
	createPrivateKey,
	createPublicKey,
	generateKeyPairSync,
	type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where both CLIs keep the key by default, relative to the working directory (git-ignored). */
export const DEFAULT_KEY_FILE = '.emulator/signing-key.pem';

/**
 * The emulator's EC P-256 signing key. With a key file, tokens (and cursors, whose HMAC key is
 * derived from it) stay valid across restarts; without one, every start is a fresh identity.
 */
export function loadOrCreateSigningKey(keyFile?: string): KeyObject {
	if (keyFile && existsSync(keyFile)) {
		const key = createPrivateKey(readFileSync(keyFile, 'utf8'));
		if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
			throw new Error(`${keyFile} does not hold an EC P-256 private key`);
		}
		return key;
	}
	const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	if (keyFile) {
		mkdirSync(dirname(keyFile), { recursive: true });
		// wx: never overwrite a key another process wrote in the meantime.
		writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
			mode: 0o600,
			flag: 'wx',
		});
	}
	return privateKey;
}

/** A stable key id for the JWT header: a digest of the public key. */
export function keyIdOf(privateKey: KeyObject): string {
	const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
	return createHash('sha256').update(spki).digest().subarray(0, 16).toString('base64url');
}

/** Derives a purpose-specific secret (e.g. the cursor HMAC key) from the signing key. */
export function deriveSecret(privateKey: KeyObject, label: string): Buffer {
	return createHmac('sha256', privateKey.export({ type: 'pkcs8', format: 'der' }))
		.update(label)
		.digest();
}
