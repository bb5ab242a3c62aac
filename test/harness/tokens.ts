/**
 * Builds JWT-shaped tokens at run time for unit tests that only need claims (the nodes decode,
 * never verify). Tests never contain token literals: verification lint and secret scanners would
 * rightly flag them, and a literal could be mistaken for a real credential.
 */
export function unsignedJwt(claims: Record<string, unknown>): string {
	const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${encode({ alg: 'ES256', typ: 'JWT', kid: 'test' })}.${encode(claims)}.${encode('signature-not-checked')}`;
}

export const ALL_FEATURES = ['itemusages', 'signinattempts', 'auditevents'];
