/**
 * Whether a bearer token is a readable JWT at all: three dot-separated base64url parts whose
 * first two decode to JSON objects. A token not copied in full, or any other text, is not; the
 * real API has been reported to answer those with a plain `404 page not found` rather than a
 * 401. The signature part may be empty (an unsigned token is readable, just not acceptable).
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodesToObject(segment: string): boolean {
	if (segment === '') return false;
	try {
		const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
		return value !== null && typeof value === 'object' && !Array.isArray(value);
	} catch {
		return false;
	}
}

export function isReadableJwt(token: string): boolean {
	const parts = token.split('.');
	if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return false;
	return decodesToObject(parts[0]) && decodesToObject(parts[1]);
}
