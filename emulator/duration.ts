/**
 * Token lifetimes as people write them: `30d`, `12h`, `90m`, `3600s`, `3600` (seconds), or
 * `never`. Returns seconds, or undefined for a token that never expires.
 */
export function parseDuration(text: string): number | undefined {
	const trimmed = text.trim().toLowerCase();
	if (trimmed === 'never' || trimmed === 'none') return undefined;
	const match = /^(\d+)\s*([smhdw]?)$/.exec(trimmed);
	if (!match) throw new Error(`Invalid duration "${text}"; use e.g. 30d, 12h, 90m, 3600s or never`);
	const unitSeconds: Record<string, number> = {
		'': 1,
		s: 1,
		m: 60,
		h: 3600,
		d: 86_400,
		w: 604_800,
	};
	return Number(match[1]) * unitSeconds[match[2]];
}
