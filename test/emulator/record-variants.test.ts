import { startEmulator, type EmulatorOptions } from '../../emulator';
import { BASE_TIME, EVERYTHING, FakeClock, page, post, startHarness, stopAll } from './harness';

/** Records as they are seen in the wild: other timestamp forms, left-out fields, removed fields. */

afterEach(stopAll);

type Json = Record<string, unknown>;

const OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?[+-]\d{2}:\d{2}$/;
const NANOS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function records(type: string, options: EmulatorOptions, version = 2): Promise<Json[]> {
	const { emu, token } = await startHarness({ backlog: 300, ...options }, new FakeClock());
	return (await page<Json>(emu, `/api/v${version}/${type}`, EVERYTHING, token)).items;
}

describe('timestampStyle', () => {
	it("'offset': a non-UTC offset on every record, the same instant as in UTC", async () => {
		const utc = await records('signinattempts', {});
		const offset = await records('signinattempts', { timestampStyle: 'offset' });
		expect(utc.every((record) => UTC.test(record.timestamp as string))).toBe(true);
		for (const [index, record] of offset.entries()) {
			expect(record.timestamp).toMatch(OFFSET);
			expect(record.timestamp).not.toMatch(/[+-]00:00$/);
			expect(Date.parse(record.timestamp as string)).toBe(
				Date.parse(utc[index].timestamp as string),
			);
			expect({ ...record, timestamp: null }).toEqual({ ...utc[index], timestamp: null });
		}
		expect(
			new Set(offset.map((record) => (record.timestamp as string).slice(-6))).size,
		).toBeGreaterThan(3);
	});

	it("'nanos': nine fractional digits, the same millisecond", async () => {
		const utc = await records('auditevents', {});
		const nanos = await records('auditevents', { timestampStyle: 'nanos' });
		for (const [index, record] of nanos.entries()) {
			expect(record.timestamp).toMatch(NANOS);
			expect((record.timestamp as string).slice(0, 23)).toBe(
				(utc[index].timestamp as string).slice(0, 23),
			);
		}
		expect(
			new Set(nanos.map((record) => (record.timestamp as string).slice(23, 29))).size,
		).toBeGreaterThan(200);
	});

	it("'mixed': each form on some records, chosen per record from the seed", async () => {
		const mixed = await records('itemusages', { timestampStyle: 'mixed' });
		const forms = mixed.map((record) =>
			['utc', 'offset', 'nanos'].find((_, i) =>
				[UTC, OFFSET, NANOS][i].test(record.timestamp as string),
			),
		);
		for (const form of ['utc', 'offset', 'nanos'])
			expect(forms.filter((f) => f === form).length).toBeGreaterThan(50);
		expect(await records('itemusages', { timestampStyle: 'mixed' })).toEqual(mixed);
		const v1 = await records('itemusages', { timestampStyle: 'mixed' }, 1);
		expect(v1.map((record) => record.timestamp)).toEqual(mixed.map((record) => record.timestamp));
	});

	it('refuses an unknown style when starting, before a port is opened', async () => {
		await expect(startEmulator({ port: 0, timestampStyle: 'local' as 'utc' })).rejects.toThrow(
			/timestampStyle/,
		);
		await expect(startEmulator({ port: 0, garbledTokenStatus: 200 as 404 })).rejects.toThrow(
			/garbledTokenStatus/,
		);
	});

	it('changes at run time; an injected explicit timestamp is served as given', async () => {
		const { emu, token } = await startHarness({ backlog: 5 });
		emu.configure({ timestampStyle: 'nanos' });
		expect(
			(await page<Json>(emu, '/api/v2/itemusages', EVERYTHING, token)).items.every((r) =>
				NANOS.test(r.timestamp as string),
			),
		).toBe(true);
		emu.configure({ timestampStyle: 'offset' });
		const [given] = emu.inject('itemusages', [{ timestamp: '2026-11-26T11:00:00Z' }]);
		expect(given.timestamp).toBe('2026-11-26T11:00:00Z');
		const items = (await page<Json>(emu, '/api/v2/itemusages', EVERYTHING, token)).items;
		expect(items.slice(0, 5).every((r) => OFFSET.test(r.timestamp as string))).toBe(true);
		expect(items[5].timestamp).toBe('2026-11-26T11:00:00Z');
	});
});

describe('sparseRecords', () => {
	/** Every field a sparse record has is the full record's, unchanged (user objects: a subset). */
	function expectSubset(sparse: Json, full: Json): void {
		for (const [key, value] of Object.entries(sparse)) {
			if (key === 'user' || key === 'target_user') expect(full[key]).toMatchObject(value as Json);
			else expect(value).toEqual(full[key]);
		}
	}

	it('leaves out location on some records, and MSP-only user fields on some members', async () => {
		for (const type of ['itemusages', 'signinattempts']) {
			const full = await records(type, {});
			const sparse = await records(type, { sparseRecords: true });
			const userKey = type === 'itemusages' ? 'user' : 'target_user';
			for (const [index, record] of sparse.entries()) expectSubset(record, full[index]);
			const withoutLocation = sparse.filter((record) => !('location' in record)).length;
			expect(withoutLocation).toBeGreaterThan(40);
			expect(withoutLocation).toBeLessThan(150);
			const withoutUserType = sparse.filter(
				(record) => !('user_type' in (record[userKey] as Json)),
			);
			expect(withoutUserType.length).toBeGreaterThan(40);
			expect(
				sparse.filter((record) => 'user_type' in (record[userKey] as Json)).length,
			).toBeGreaterThan(40);
			// Only members of the account lose them: an MSP technician keeps what says so.
			for (const record of withoutUserType)
				expect((full[sparse.indexOf(record)][userKey] as Json).user_type).toBe('user');
			for (const record of withoutUserType)
				expect(record[userKey]).not.toHaveProperty('user_account_uuid');
		}
	});

	it('leaves out empty aux fields and null details on audit events and sign-ins, never sending them as null', async () => {
		const full = await records('auditevents', {});
		const sparse = await records('auditevents', { sparseRecords: true });
		for (const [index, record] of sparse.entries()) expectSubset(record, full[index]);
		const noAux = sparse.filter(
			(record) => !['aux_id', 'aux_uuid', 'aux_details', 'aux_info'].some((key) => key in record),
		);
		expect(noAux.length).toBeGreaterThan(20);
		expect(sparse.some((record) => 'aux_details' in record && record.aux_details === null)).toBe(
			true,
		); // not every record is sparse
		expect(sparse.filter((record) => !('object_details' in record)).length).toBeGreaterThan(20);
		const signIns = await records('signinattempts', { sparseRecords: true });
		expect(signIns.filter((record) => !('details' in record)).length).toBeGreaterThan(100);
	});

	it('is deterministic, off by default, and switchable at run time', async () => {
		expect(await records('auditevents', { sparseRecords: true })).toEqual(
			await records('auditevents', { sparseRecords: true }),
		);
		const { emu, token } = await startHarness({ backlog: 200 });
		const before = (await page<Json>(emu, '/api/v2/itemusages', EVERYTHING, token)).items;
		expect(before.every((record) => 'location' in record)).toBe(true);
		emu.configure({ sparseRecords: true });
		expect(
			(await page<Json>(emu, '/api/v2/itemusages', EVERYTHING, token)).items.some(
				(record) => !('location' in record),
			),
		).toBe(true);
	});
});

describe('injected records with omit', () => {
	it('removes the named top-level fields from the served record, in v1 and v2', async () => {
		const { emu, token } = await startHarness();
		const [injected] = emu.inject('itemusages', [
			{ action: 'export', omit: ['location', 'user', 'timestamp'] },
		]);
		expect(injected).not.toHaveProperty('omit');
		for (const key of ['location', 'user', 'timestamp']) expect(injected).not.toHaveProperty(key);
		const v2 = (await page<Json>(emu, '/api/v2/itemusages', {}, token)).items;
		expect(v2).toEqual([injected]);
		const v1 = (await page<Json>(emu, '/api/v1/itemusages', {}, token)).items;
		expect(Object.keys(v1[0]).sort()).toEqual([
			'action',
			'client',
			'item_uuid',
			'used_version',
			'uuid',
			'vault_uuid',
		]);
	});

	it('can remove even the uuid, and still serves the event where it arrived', async () => {
		const { emu, token, clock } = await startHarness();
		const { cursor } = await page(emu, '/api/v2/auditevents', {}, token);
		clock.advance(1000);
		emu.inject('auditevents', [{ omit: ['uuid'] }, { action: 'suspend' }]);
		const items = (await page<Json>(emu, '/api/v2/auditevents', { cursor }, token)).items;
		expect(items).toHaveLength(2);
		expect(items[0]).not.toHaveProperty('uuid');
		expect(items[1]).toMatchObject({ uuid: expect.any(String), action: 'suspend' });
		expect(Date.parse(items[1].timestamp as string)).toBe(BASE_TIME + 1000);
	});

	it('is checked: omit must be a list of names (admin API too)', async () => {
		const { emu } = await startHarness();
		expect(() => emu.inject('itemusages', [{ omit: 'location' } as unknown as Json])).toThrow(
			/omit/,
		);
		expect(() => emu.inject('itemusages', [{ omit: [1] } as unknown as Json])).toThrow(/omit/);
		expect(emu.logSize('itemusages')).toBe(0);
		const viaAdmin = await post(
			emu,
			'/admin/events',
			{ type: 'signinattempts', records: [{ omit: ['location', 'details'] }] },
			null,
		);
		expect(viaAdmin.json).toMatchObject({
			injected: 1,
			items: [expect.not.objectContaining({ location: expect.anything() })],
		});
		expect(Object.keys((viaAdmin.json as { items: Json[] }).items[0])).not.toContain('details');
		expect(
			(
				await post(
					emu,
					'/admin/events',
					{ type: 'signinattempts', records: [{ omit: 'uuid' }] },
					null,
				)
			).status,
		).toBe(400);
	});
});
