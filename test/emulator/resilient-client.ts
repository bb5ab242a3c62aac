import type { Emulator } from '../../emulator';

/** A careful client for the fault tests (not a test file itself). */

export type Item = { uuid: string };

type PageBody = { items: unknown[]; cursor: string; has_more: boolean };

function isPage(value: unknown): value is PageBody {
	const body = value as Partial<PageBody> | null;
	return (
		body !== null &&
		typeof body === 'object' &&
		Array.isArray(body.items) &&
		typeof body.cursor === 'string' &&
		typeof body.has_more === 'boolean'
	);
}

function isRecord(value: unknown): value is Item {
	return (
		value !== null &&
		typeof value === 'object' &&
		!Array.isArray(value) &&
		typeof (value as Item).uuid === 'string'
	);
}

/**
 * What a careful client does: on any failure (error status, reset, unparsable or wrongly shaped
 * body) retry with the last good cursor, skip entries that are not records, and stop when
 * has_more is false. Returns every record received, duplicates included.
 */
export async function resilientDrain(
	emu: Emulator,
	token: string,
	firstBody: object,
	path = '/api/v2/itemusages',
): Promise<{ received: Item[]; failures: number }> {
	const received: Item[] = [];
	let body: object = firstBody;
	let failures = 0;
	for (let attempt = 0; attempt < 5000; attempt++) {
		let text: string;
		let status: number;
		try {
			const response = await fetch(emu.url + path, {
				method: 'POST',
				headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			});
			status = response.status;
			text = await response.text();
		} catch {
			failures++;
			continue;
		}
		if (status !== 200) {
			failures++;
			continue;
		}
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			failures++;
			continue;
		}
		if (!isPage(parsed)) {
			failures++;
			continue;
		}
		received.push(...parsed.items.filter(isRecord));
		body = { cursor: parsed.cursor };
		if (!parsed.has_more) return { received, failures };
	}
	throw new Error('client did not finish');
}
