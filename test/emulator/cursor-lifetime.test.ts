import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveSecret, loadOrCreateSigningKey } from '../../emulator/signing-key';
import { BASE_TIME, DAY, EVERYTHING, MINUTE, page, post, startHarness, stopAll } from './harness';

afterEach(stopAll);

const PATH = '/api/v2/itemusages';
const LIFETIME = 10 * MINUTE;

describe('cursor lifetime', () => {
	it('by default cursors never expire', async () => {
		const { emu, token, clock } = await startHarness({ backlog: 20 });
		const first = await page(emu, PATH, { ...EVERYTHING, limit: 10 }, token);
		clock.advance(400 * DAY);
		expect((await post(emu, PATH, { cursor: first.cursor }, token)).status).toBe(200);
		expect(emu.settings().cursorLifetimeMs).toBeNull();
	});

	it('refuses a cursor older than the lifetime with 400, in both error shapes', async () => {
		const { emu, token, clock } = await startHarness({ backlog: 20, cursorLifetimeMs: LIFETIME });
		const first = await page(emu, PATH, { ...EVERYTHING, limit: 5 }, token);
		clock.advance(LIFETIME);
		const second = await page(emu, PATH, { cursor: first.cursor }, token); // exactly one lifetime old: still good
		expect(second.items).toHaveLength(5);
		clock.advance(1);
		const expired = await post(emu, PATH, { cursor: first.cursor }, token);
		expect([expired.status, expired.json]).toEqual([
			400,
			{ status: 400, message: expect.stringMatching(/^Invalid cursor: .*expired/) },
		]);
		const v1 = await post(emu, '/api/v1/itemusages', { cursor: first.cursor }, token);
		expect([v1.status, v1.json]).toEqual([
			400,
			{ Error: { Message: expect.stringMatching(/expired/) } },
		]);
		// The newer cursor was issued when its page was served, so it has its own lifetime.
		expect((await post(emu, PATH, { cursor: second.cursor }, token)).status).toBe(200);
		clock.advance(LIFETIME);
		expect((await post(emu, PATH, { cursor: second.cursor }, token)).status).toBe(400);
	});

	it('an idle cursor comes back unchanged, keeps its issue time, and so expires while polled', async () => {
		const { emu, token, clock } = await startHarness({ backlog: 3, cursorLifetimeMs: LIFETIME });
		const drained = await page(emu, PATH, EVERYTHING, token);
		for (let minute = 1; minute <= 10; minute++) {
			clock.advance(MINUTE);
			expect(await page(emu, PATH, { cursor: drained.cursor }, token)).toEqual({
				items: [],
				cursor: drained.cursor,
				has_more: false,
			});
		}
		clock.advance(1);
		expect((await post(emu, PATH, { cursor: drained.cursor }, token)).status).toBe(400);
	});

	it('is checked before faults, and can be changed at run time', async () => {
		const { emu, token, clock } = await startHarness({ backlog: 20 });
		const first = await page(emu, PATH, { ...EVERYTHING, limit: 5 }, token);
		clock.advance(2 * MINUTE);
		emu.configure({ cursorLifetimeMs: MINUTE });
		emu.enqueueFaults(['500']);
		expect((await post(emu, PATH, { cursor: first.cursor }, token)).status).toBe(400);
		expect(emu.describeFaults().queue).toEqual([{ kind: '500' }]);
		emu.configure({ cursorLifetimeMs: null });
		emu.clearFaults();
		expect((await post(emu, PATH, { cursor: first.cursor }, token)).status).toBe(200);
		expect(() => emu.configure({ cursorLifetimeMs: 0 })).toThrow(/cursorLifetimeMs/);
	});

	it('reads cursors of the older format (no issue time) as issued when the emulator started', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'emulator-cursor-'));
		try {
			const keyFile = join(dir, 'key.pem');
			const { emu, token, clock } = await startHarness({
				backlog: 20,
				keyFile,
				cursorLifetimeMs: LIFETIME,
			});
			// Format 1: [version, type index, afterSeq, previousSeq, startMs, hasEnd, endMs, limit] + truncated HMAC.
			const secret = deriveSecret(loadOrCreateSigningKey(keyFile), 'cursor:test-seed');
			const body = Buffer.from(
				JSON.stringify([1, 0, 5, 0, Date.parse(EVERYTHING.start_time), 0, 0, 10]),
			).toString('base64url');
			const legacy =
				body +
				createHmac('sha256', secret).update(body).digest().subarray(0, 12).toString('base64url');

			clock.advance(LIFETIME);
			const continued = await page<{ uuid: string }>(emu, PATH, { cursor: legacy }, token);
			const fromStart = await page<{ uuid: string }>(
				emu,
				PATH,
				{ ...EVERYTHING, limit: 15 },
				token,
			);
			expect(continued.items).toEqual(fromStart.items.slice(5, 15));
			clock.advance(1);
			const expired = await post(emu, PATH, { cursor: legacy }, token);
			expect([expired.status, (expired.json as { message: string }).message]).toEqual([
				400,
				expect.stringMatching(/expired/),
			]);
			expect(clock.ms - BASE_TIME).toBe(LIFETIME + 1);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
