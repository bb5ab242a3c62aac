import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';

/** Shared helpers for the emulator tests (not a test file itself). */

export const BASE_TIME = Date.parse('2026-11-26T12:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A clock the tests move by hand: no sleeping, no flakiness. */
export class FakeClock {
	constructor(public ms = BASE_TIME) {}
	readonly now = (): number => this.ms;
	advance(ms: number): void {
		this.ms += ms;
	}
}

export interface Harness {
	readonly emu: Emulator;
	readonly clock: FakeClock;
	/** A token with all three features. */
	readonly token: string;
}

const running: Emulator[] = [];

export async function startHarness(
	options: EmulatorOptions = {},
	clock = new FakeClock(),
): Promise<Harness> {
	const emu = await startEmulator({
		port: 0,
		seed: 'test-seed',
		backlog: 0,
		rateLimit: false,
		now: clock.now,
		...options,
	});
	running.push(emu);
	return { emu, clock, token: emu.issueToken() };
}

/** Call from afterEach in every test file that starts emulators. */
export async function stopAll(): Promise<void> {
	await Promise.all(running.splice(0).map((emu) => emu.stop()));
}

export interface HttpResult {
	readonly status: number;
	readonly headers: Headers;
	readonly text: string;
	/** Parsed body, or undefined when it is not JSON. */
	readonly json: unknown;
}

async function toResult(response: Response): Promise<HttpResult> {
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

export async function post(
	emu: Emulator,
	path: string,
	body: unknown,
	token?: string | null,
): Promise<HttpResult> {
	const headers: Record<string, string> = { 'Content-Type': 'application/json' };
	if (token) headers.Authorization = `Bearer ${token}`;
	return toResult(
		await fetch(emu.url + path, {
			method: 'POST',
			headers,
			body: typeof body === 'string' ? body : JSON.stringify(body),
		}),
	);
}

export async function get(
	emu: Emulator,
	path: string,
	token?: string | null,
	extraHeaders: Record<string, string> = {},
): Promise<HttpResult> {
	const headers: Record<string, string> = { ...extraHeaders };
	if (token) headers.Authorization = `Bearer ${token}`;
	return toResult(await fetch(emu.url + path, { headers }));
}

export interface Page<T = Record<string, unknown>> {
	items: T[];
	cursor: string;
	has_more: boolean;
}

/** POSTs an event request and insists on a 200 page. */
export async function page<T = Record<string, unknown>>(
	emu: Emulator,
	path: string,
	body: unknown,
	token: string,
): Promise<Page<T>> {
	const result = await post(emu, path, body, token);
	if (result.status !== 200)
		throw new Error(`expected 200 from ${path}, got ${result.status}: ${result.text}`);
	return result.json as Page<T>;
}

/** Follows cursors until has_more is false; returns every item and the final cursor. */
export async function drain<T = Record<string, unknown>>(
	emu: Emulator,
	path: string,
	firstBody: unknown,
	token: string,
): Promise<{ items: T[]; cursor: string; pages: number }> {
	const items: T[] = [];
	let body = firstBody;
	for (let pages = 1; ; pages++) {
		const current = await page<T>(emu, path, body, token);
		items.push(...current.items);
		if (!current.has_more) return { items, cursor: current.cursor, pages };
		body = { cursor: current.cursor };
	}
}

/** A reset cursor that covers the whole (default 7-day) backlog. */
export const EVERYTHING = { start_time: '2000-01-01T00:00:00Z', limit: 1000 };

export function uuidsOf(items: ReadonlyArray<{ uuid?: unknown }>): string[] {
	return items.map((item) => String(item.uuid));
}
