/**
 * The action node as an AI agent's tool, through n8n-core's real ExecuteContext against the
 * emulator over HTTP: filters for another event type are refused before any request, Newest
 * First, the notice when a Limit cut the result, and Summary (Counts). Every expectation comes
 * from an oracle that reads the same range straight from the emulator with plain fetch, not
 * through the node's code.
 */
import { ExecuteContext, SupplyDataContext } from 'n8n-core';
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	IPairedItemData,
	NodeExecutionHint,
} from 'n8n-workflow';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { SUMMARY_LIMITS } from '../../nodes/OnePasswordEvents/actions/event/summarize';
import { OnePasswordEvents } from '../../nodes/OnePasswordEvents/OnePasswordEvents.node';
import { buildHost } from '../harness/n8n/host';

let emu: Emulator;
let token: string;
const DAY = 86_400_000;
/** Whole-second UTC, as the node sends times: the oracle then asks for exactly the same range. */
const apiTime = (ms: number) =>
	new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
let START: string;
let END: string;

beforeEach(async () => {
	emu = await startEmulator({
		port: 0,
		seed: 'agent',
		backlog: { itemusages: 3000, signinattempts: 1200, auditevents: 1200 },
		rateLimit: false,
	});
	token = emu.issueToken();
	START = apiTime(Date.now() - 8 * DAY);
	// A second in the past: events injected "now" fall outside, explicit timestamps inside.
	END = apiTime(Date.now() - 1000);
});

afterEach(async () => {
	await emu.stop();
});

type ApiType = 'itemusages' | 'signinattempts' | 'auditevents';
const API_TYPE: Record<string, ApiType> = {
	itemUsages: 'itemusages',
	signInAttempts: 'signinattempts',
	auditEvents: 'auditevents',
};

/** The oracle: every record of the range, in the order the API serves them, by plain HTTP. */
async function fetchRange(type: ApiType, startTime = START, endTime = END): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	let body: IDataObject = { limit: 1000, start_time: startTime, end_time: endTime };
	for (;;) {
		const response = await fetch(`${emu.url}/api/v2/${type}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(response.status).toBe(200);
		const page = (await response.json()) as {
			items: IDataObject[];
			cursor: string;
			has_more: boolean;
		};
		records.push(...page.items);
		if (!page.has_more) return records;
		body = { cursor: page.cursor };
	}
}

interface Run {
	items: INodeExecutionData[];
	hints: NodeExecutionHint[];
}

/**
 * Runs the real node. `as: 'workflow'` is an ordinary node run; `as: 'tool'` is how n8n 2's AI
 * Agent runs a tool (an ordinary execution of the node's tool variant, typed `<package>.<node>Tool`,
 * the description n8n derives for nodes with usableAsTool); `as: 'supplyData'` is the older path
 * (a supply-data context on the ai_tool connection, whose isToolExecution() is true).
 */
async function run(
	parameters: IDataObject,
	options: { as?: 'workflow' | 'tool' | 'supplyData'; continueOnFail?: boolean } = {},
): Promise<Run> {
	const node = new OnePasswordEvents();
	const nodeType: INodeType =
		options.as === 'tool'
			? {
					description: { ...node.description, name: `${node.description.name}Tool` },
					execute: node.execute,
				}
			: node;
	const host = buildHost({
		nodeType,
		parameters: {
			resource: 'event',
			operation: 'getAll',
			startTime: START,
			endTime: END,
			...parameters,
		},
	});
	if (options.continueOnFail) host.node.onError = 'continueRegularOutput';
	const items: INodeExecutionData[] = [{ json: {} }];
	const args = [
		host.workflow,
		host.node,
		host.additionalData,
		'manual',
		{ resultData: { runData: {} } } as never,
		0,
		items,
	] as const;
	const context =
		options.as === 'supplyData'
			? new SupplyDataContext(
					...args,
					{ [NodeConnectionTypes.AiTool]: [items] },
					NodeConnectionTypes.AiTool,
					{ node: host.node, data: { main: [items] }, source: null },
					[],
				)
			: new ExecuteContext(
					...args,
					{ main: [items] },
					{ node: host.node, data: { main: [items] }, source: null },
					[],
				);
	Object.assign(context, {
		getCredentials: async () => ({ token, region: 'custom', customUrl: emu.url }),
	});
	const [output] = await node.execute.call(context as unknown as IExecuteFunctions);
	return { items: output, hints: (context as unknown as { hints: NodeExecutionHint[] }).hints };
}

const uuids = (items: INodeExecutionData[]) => items.map((item) => item.json.uuid);
const events = (items: INodeExecutionData[]) => items.filter((item) => !('notice' in item.json));

/** Newest first as the node promises it: by timestamp, later arrival first on a tie. */
function newestFirst(records: IDataObject[]): IDataObject[] {
	return records
		.map((record, arrival) => ({ record, arrival, at: Date.parse(record.timestamp as string) }))
		.sort((a, b) => b.at - a.at || b.arrival - a.arrival)
		.map((entry) => entry.record);
}

describe('filters that do not apply to Event Type', () => {
	const VAULT = 'jaqxqf5qylslqiitnduawrndc5';
	it.each([
		[
			'signInAttempts',
			{ itemUsageActions: ['reveal'] },
			'Item Usage Actions applies to item usages only, but Event Type is Sign-In Attempts: remove the filter or change Event Type to Item Usages.',
		],
		[
			'auditEvents',
			{ vaultUuids: VAULT },
			'Vault UUIDs applies to item usages only, but Event Type is Audit Events',
		],
		[
			'signInAttempts',
			{ vaultUuids: VAULT },
			'Vault UUIDs applies to item usages only, but Event Type is Sign-In Attempts',
		],
		[
			'itemUsages',
			{ signInResult: 'failures' },
			'Sign-In Result applies to sign-in attempts only, but Event Type is Item Usages: remove the filter or change Event Type to Sign-In Attempts.',
		],
		[
			'auditEvents',
			{ signInResult: 'successes' },
			'Sign-In Result applies to sign-in attempts only, but Event Type is Audit Events',
		],
		[
			'auditEvents',
			{ signInCategories: ['mfa_failed'] },
			'Sign-In Categories applies to sign-in attempts only',
		],
		['itemUsages', { signInTypes: ['totp_bad'] }, 'Sign-In Types applies to sign-in attempts only'],
		[
			'itemUsages',
			{ auditActionList: ['grant'] },
			'Audit Actions applies to audit events only, but Event Type is Item Usages',
		],
		[
			'signInAttempts',
			{ auditActions: 'grant' },
			'Other Audit Action Codes applies to audit events only',
		],
		[
			'itemUsages',
			{ auditObjectTypeList: ['vault'] },
			'Audit Object Types applies to audit events only',
		],
		[
			'signInAttempts',
			{ auditObjectTypes: 'vault' },
			'Other Audit Object Types applies to audit events only',
		],
		// What an agent's $fromAI() gives for a list: text.
		[
			'auditEvents',
			{ itemUsageActions: 'reveal, export' },
			'Item Usage Actions applies to item usages only',
		],
		[
			'signInAttempts',
			{ itemUsageActions: ['reveal'], auditActionList: ['grant'], userEmails: 'a@example.com' },
			'Item Usage Actions applies to item usages only and Audit Actions applies to audit events only, but Event Type is Sign-In Attempts: remove these filters or change Event Type.',
		],
	])('with %s, refuses %p before any request', async (eventType, filters, message) => {
		for (const extra of [{}, { output: 'summary' }, { order: 'newest', returnAll: true }]) {
			await expect(run({ eventType, filters, ...extra })).rejects.toThrow(message);
		}
		expect(emu.stats().requests.total).toBe(0);
	});

	it('with Continue On Fail, returns the refusal as an item for the agent to read', async () => {
		const { items } = await run(
			{ eventType: 'itemUsages', filters: { signInResult: 'failures' } },
			{ as: 'tool', continueOnFail: true },
		);
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/^Sign-In Result applies to sign-in attempts only/);
		expect(emu.stats().requests.total).toBe(0);
	});

	it.each([
		// Defaults and empty values of other types' filters are not "set".
		[
			'itemUsages',
			{
				itemUsageActions: ['reveal'],
				userEmailsMatch: 'either',
				signInResult: 'any',
				signInCategories: [],
				signInTypes: [],
				auditActionList: [],
				auditActions: '',
				auditObjectTypeList: [],
				auditObjectTypes: ' ',
			},
			(record: IDataObject) => record.action === 'reveal',
		],
		[
			'signInAttempts',
			{ signInResult: 'failures', signInTypes: [], vaultUuids: '', itemUsageActions: [] },
			(record: IDataObject) =>
				!['success', 'firewall_reported_success'].includes(record.category as string),
		],
		[
			'auditEvents',
			{
				auditActionList: ['grant', 'create'],
				auditObjectTypes: 'vault, user',
				userEmailsMatch: 'target',
			},
			(record: IDataObject) =>
				['grant', 'create'].includes(record.action as string) &&
				['vault', 'user'].includes(record.object_type as string),
		],
	] as const)('with %s, runs the filters that apply: %p', async (eventType, filters, matches) => {
		const { items } = await run({ eventType, filters, returnAll: true });
		const expected = (await fetchRange(API_TYPE[eventType])).filter(matches);
		expect(expected.length).toBeGreaterThan(0);
		expect(uuids(items)).toEqual(uuids(expected.map((json) => ({ json }))));
	});

	it('User Emails applies to every type', async () => {
		for (const eventType of ['itemUsages', 'signInAttempts', 'auditEvents']) {
			const { items } = await run({ eventType, filters: { userEmails: 'nobody@example.com' } });
			expect(items).toEqual([]);
		}
	});
});

describe('Order: Newest First', () => {
	it('returns the newest N by timestamp, newest first, late uploads included', async () => {
		// Uploaded late: received after every backlog event, stamped among the newest of the range.
		const end = Date.parse(END);
		const late = emu.inject(
			'itemusages',
			[40, 400, 900, 4000, 90_000].map((secondsBefore) => ({
				timestamp: new Date(end - secondsBefore * 1000).toISOString(),
			})),
		);
		const { items, hints } = await run({ eventType: 'itemUsages', order: 'newest', limit: 25 });
		const expected = newestFirst(await fetchRange('itemusages')).slice(0, 25);
		expect(uuids(items)).toEqual(expected.map((record) => record.uuid));
		const times = items.map((item) => Date.parse(item.json.timestamp as string));
		for (let i = 1; i < times.length; i++) expect(times[i - 1]).toBeGreaterThanOrEqual(times[i]);
		// The test means something: the late events arrived last but are among the newest 25.
		expect(uuids(items)).toEqual(
			expect.arrayContaining(late.slice(0, 4).map((record) => record.uuid)),
		);
		expect((items[0].pairedItem as IPairedItemData).item).toBe(0);
		expect(hints).toHaveLength(1);
	});

	it('with filters and simplified output, the newest matching ones', async () => {
		const { items } = await run({
			eventType: 'signInAttempts',
			order: 'newest',
			limit: 7,
			output: 'simplified',
			filters: { signInResult: 'failures' },
		});
		const expected = newestFirst(await fetchRange('signinattempts'))
			.filter(
				(record) => !['success', 'firewall_reported_success'].includes(record.category as string),
			)
			.slice(0, 7);
		expect(uuids(items)).toEqual(expected.map((record) => record.uuid));
		for (const item of items)
			expect(item.json).toMatchObject({ eventType: 'signInAttempt', success: false });
	});

	it('with Return All, every event of the range, newest first', async () => {
		const { items, hints } = await run({
			eventType: 'auditEvents',
			order: 'newest',
			returnAll: true,
		});
		const expected = newestFirst(await fetchRange('auditevents'));
		expect(expected.length).toBeGreaterThan(1000);
		expect(uuids(items)).toEqual(expected.map((record) => record.uuid));
		expect(hints).toEqual([]);
	});

	it('Oldest First (the default) still streams the first N in arrival order', async () => {
		const { items } = await run({
			eventType: 'itemUsages',
			limit: 30,
			filters: { itemUsageActions: ['fill'] },
		});
		const expected = (await fetchRange('itemusages'))
			.filter((record) => record.action === 'fill')
			.slice(0, 30);
		expect(uuids(items)).toEqual(expected.map((record) => record.uuid));
	});
});

describe('when a Limit cut the result', () => {
	/** Tests with a known number of matching events: every Limit case around that number. */
	async function matching(
		eventType: string,
		filters: IDataObject,
		matches: (r: IDataObject) => boolean,
	) {
		return (await fetchRange(API_TYPE[eventType])).filter(matches).length;
	}

	const CASES = [
		['without filters', 'auditEvents', {}, () => true],
		[
			'with filters',
			'itemUsages',
			{ itemUsageActions: ['export'] },
			(r: IDataObject) => r.action === 'export',
		],
	] as const;

	it.each(CASES)(
		'%s: a notice exactly when more matched than Limit, for both orders',
		async (_name, eventType, filters, matches) => {
			const total = await matching(eventType, filters, matches);
			expect(total).toBeGreaterThan(3);
			for (const order of ['oldest', 'newest']) {
				for (const limit of [total - 1, total, total + 5, 1]) {
					const cut = total > limit;
					const parameters = { eventType, order, limit, filters };
					const asTool = await run(parameters, { as: 'tool' });
					const returned = Math.min(limit, total);
					expect(events(asTool.items)).toHaveLength(returned);
					const notices = asTool.items.filter((item) => 'notice' in item.json);
					expect(notices).toHaveLength(cut ? 1 : 0);
					if (cut) {
						// The last item, paired with its input, and no field added to the events.
						expect(asTool.items[asTool.items.length - 1]).toBe(notices[0]);
						expect(notices[0].json).toMatchObject({ notice: 'limitReached', returned });
						expect((notices[0].pairedItem as IPairedItemData).item).toBe(0);
						const message = notices[0].json.message as string;
						if (order === 'newest') {
							expect(notices[0].json.matched).toBe(total);
							expect(message).toMatch(
								new RegExp(`^Showing the newest ${returned} of ${total} matching`),
							);
						} else {
							expect(message).toMatch(
								new RegExp(
									`^Showing the first ${returned} .* from ${START}; more match\\. Raise Limit`,
								),
							);
						}
						expect(asTool.hints).toEqual([{ message, type: 'info', location: 'outputPane' }]);
					} else {
						expect(asTool.hints).toEqual([]);
					}
					// In a workflow: the same events, nothing else; a person sees the hint.
					const inWorkflow = await run(parameters);
					expect(uuids(inWorkflow.items)).toEqual(uuids(events(asTool.items)));
					expect(inWorkflow.hints).toEqual(asTool.hints);
					expect(inWorkflow.items.every((item) => !('notice' in item.json))).toBe(true);
				}
			}
		},
	);

	it('Limit met by the last match, with pages of other events after it: reads on to the end, no notice', async () => {
		// 1,200 fills received after the whole backlog: the last export is followed by whole pages
		// that hold no export, so only reading them tells that no more match.
		const end = Date.parse(END);
		emu.inject(
			'itemusages',
			Array.from({ length: 1200 }, (_, index) => ({
				action: 'fill',
				timestamp: new Date(end - (index + 1) * 1000).toISOString(),
			})),
		);
		const all = await fetchRange('itemusages');
		const exports = all.filter((r) => r.action === 'export');
		emu.resetStats();
		const { items, hints } = await run(
			{ eventType: 'itemUsages', limit: exports.length, filters: { itemUsageActions: ['export'] } },
			{ as: 'tool' },
		);
		expect(uuids(items)).toEqual(exports.map((record) => record.uuid));
		expect(hints).toEqual([]);
		// The whole range was read, once.
		expect(emu.stats().eventsServed.itemusages).toBe(all.length);
	});

	it('reads one event past the Limit, not the whole range, to know more match', async () => {
		const { items } = await run({ eventType: 'itemUsages', limit: 1000 }, { as: 'tool' });
		expect(items[1000].json.notice).toBe('limitReached');
		// 1000 events fill the first page; the second page (1000 more) tells whether one more exists.
		expect(emu.stats().requests.byPath['/api/v2/itemusages'].total).toBe(2);
	});

	it("tells n8n's older tool path (a supply-data context on ai_tool) too", async () => {
		const { items } = await run({ eventType: 'auditEvents', limit: 3 }, { as: 'supplyData' });
		expect(items).toHaveLength(4);
		expect(items[3].json).toMatchObject({ notice: 'limitReached', returned: 3 });
	});

	it('says nothing with Return All', async () => {
		const { items, hints } = await run(
			{ eventType: 'signInAttempts', returnAll: true },
			{ as: 'tool' },
		);
		expect(items.length).toBe((await fetchRange('signinattempts')).length);
		expect(events(items)).toHaveLength(items.length);
		expect(hints).toEqual([]);
	});
});

describe('Output: Summary (Counts)', () => {
	const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);
	const email = (who: unknown) => lower((who as IDataObject | undefined)?.email);
	const country = (record: IDataObject) => (record.location as IDataObject).country;
	/** The oracle's own reading of each dimension, straight from the raw records. */
	const DIMENSIONS: Record<string, Record<string, (record: IDataObject) => unknown>> = {
		itemUsages: {
			byAction: (r) => r.action,
			byUser: (r) => email(r.user),
			byVault: (r) => r.vault_uuid,
			byCountry: country,
		},
		signInAttempts: {
			byAction: (r) => r.type,
			byUser: (r) => email(r.target_user),
			byCountry: country,
			byOutcome: (r) => r.category,
		},
		auditEvents: {
			byAction: (r) => r.action,
			byUser: (r) => email(r.actor_details),
			byCountry: country,
			byObjectType: (r) => r.object_type,
		},
	};

	function expectedList(records: IDataObject[], valueOf: (r: IDataObject) => unknown, top: number) {
		const counts = new Map<unknown, number>();
		for (const record of records)
			counts.set(valueOf(record), (counts.get(valueOf(record)) ?? 0) + 1);
		const all = [...counts]
			.map(([value, count]) => ({ value, count }))
			.sort((a, b) => b.count - a.count || (String(a.value) < String(b.value) ? -1 : 1));
		const other = all.slice(top).reduce((sum, entry) => sum + entry.count, 0);
		return { list: all.slice(0, top), other };
	}

	const CASES = [
		['itemUsages', {}, () => true],
		[
			'itemUsages',
			{ itemUsageActions: ['reveal', 'export'] },
			(r: IDataObject) => ['reveal', 'export'].includes(r.action as string),
		],
		['signInAttempts', {}, () => true],
		[
			'signInAttempts',
			{ signInResult: 'failures' },
			(r: IDataObject) => !['success', 'firewall_reported_success'].includes(r.category as string),
		],
		['auditEvents', {}, () => true],
		[
			'auditEvents',
			{ auditObjectTypeList: ['vault', 'user'] },
			(r: IDataObject) => ['vault', 'user'].includes(r.object_type as string),
		],
	] as const;

	it.each(CASES)(
		'%s with %p: one item whose counts are those of the raw records',
		async (eventType, filters, matches) => {
			// Limit does not apply to a summary (hidden in the editor; a saved value is ignored).
			const { items, hints } = await run(
				{ eventType, filters, output: 'summary', limit: 1 },
				{ as: 'tool' },
			);
			expect(items).toHaveLength(1);
			expect(hints).toEqual([]);
			expect((items[0].pairedItem as IPairedItemData).item).toBe(0);
			const summary = items[0].json;
			const records = (await fetchRange(API_TYPE[eventType])).filter(matches);
			expect(records.length).toBeGreaterThan(25);
			expect(summary).toMatchObject({
				eventType,
				startTime: START,
				endTime: END,
				total: records.length,
			});
			const times = records.map((record) => Date.parse(record.timestamp as string));
			expect(summary.firstEventAt).toBe(new Date(Math.min(...times)).toISOString());
			expect(summary.lastEventAt).toBe(new Date(Math.max(...times)).toISOString());
			const dimensions = DIMENSIONS[eventType];
			expect(Object.keys(summary.other as IDataObject).sort()).toEqual(
				Object.keys(dimensions).sort(),
			);
			for (const [dimension, valueOf] of Object.entries(dimensions)) {
				const { list, other } = expectedList(records, valueOf, 25);
				const got = (summary[dimension] as IDataObject[]).map(({ value, count }) => ({
					value,
					count,
				}));
				expect({ dimension, got }).toEqual({ dimension, got: list });
				expect((summary.other as IDataObject)[dimension]).toBe(other);
			}
			if (eventType === 'signInAttempts') {
				const successes = records.filter((r) =>
					['success', 'firewall_reported_success'].includes(r.category as string),
				).length;
				expect(summary).toMatchObject({ successes, failures: records.length - successes });
			}
			// Short enough for a model's context.
			expect(JSON.stringify(summary).length).toBeLessThan(12_000);
		},
	);

	it('answers "who revealed the most items": users by count, with names and readable actions', async () => {
		const { items } = await run({
			eventType: 'itemUsages',
			output: 'summary',
			filters: { itemUsageActions: ['reveal'] },
		});
		const [summary] = items.map((item) => item.json);
		expect(summary.byAction).toEqual([
			{ value: 'reveal', label: 'revealed', count: summary.total },
		]);
		const top = (summary.byUser as IDataObject[])[0];
		const records = (await fetchRange('itemusages')).filter((r) => r.action === 'reveal');
		const mine = records.filter((r) => email(r.user) === top.value);
		expect(top.count).toBe(mine.length);
		expect(top.label).toBe((mine[0].user as IDataObject).name);
	});

	it('caps each list at `top` entries and counts no more than `maxKeys` distinct values, the rest in other', async () => {
		const records = await fetchRange('itemusages');
		const firstTwo = [...new Set(records.map((r) => email(r.user)))].slice(0, 2);
		const replaced = [
			jest.replaceProperty(SUMMARY_LIMITS, 'top', 3),
			jest.replaceProperty(SUMMARY_LIMITS, 'maxKeys', 2),
		];
		try {
			const [{ json: summary }] = (await run({ eventType: 'itemUsages', output: 'summary' })).items;
			expect(summary.total).toBe(records.length);
			// Each dimension has more than 2 values here: only the first 2 seen are counted.
			for (const dimension of ['byAction', 'byUser', 'byVault', 'byCountry']) {
				const list = summary[dimension] as IDataObject[];
				expect(list.length).toBeLessThanOrEqual(2);
				const listed = list.reduce((sum, entry) => sum + (entry.count as number), 0);
				expect(listed + ((summary.other as IDataObject)[dimension] as number)).toBe(records.length);
			}
			// The two users counted are the first two to appear, with their full counts.
			const users = summary.byUser as IDataObject[];
			expect(users.map((entry) => entry.value).sort()).toEqual([...firstTwo].sort());
			for (const entry of users)
				expect(entry.count).toBe(records.filter((r) => email(r.user) === entry.value).length);
		} finally {
			for (const replacement of replaced) replacement.restore();
		}
		const replacedTop = jest.replaceProperty(SUMMARY_LIMITS, 'top', 3);
		try {
			const [{ json: summary }] = (await run({ eventType: 'itemUsages', output: 'summary' })).items;
			const { list, other } = expectedList(records, (r) => email(r.user), 3);
			expect(
				(summary.byUser as IDataObject[]).map(({ value, count }) => ({ value, count })),
			).toEqual(list);
			expect((summary.other as IDataObject).byUser).toBe(other);
			expect(other).toBeGreaterThan(0);
		} finally {
			replacedTop.restore();
		}
	});

	it('refuses, rather than counts part of, a range over 100,000 matching events', async () => {
		const big = await startEmulator({
			port: 0,
			seed: 'big',
			backlog: { auditevents: 100_001 },
			backlogSpanMs: 2 * 3_600_000,
			rateLimit: false,
		});
		const node = new OnePasswordEvents();
		const host = buildHost({
			nodeType: node,
			parameters: {
				resource: 'event',
				operation: 'getAll',
				eventType: 'auditEvents',
				startTime: apiTime(Date.now() - 3 * 3_600_000),
				output: 'summary',
			},
		});
		const items = [{ json: {} }];
		const context = new ExecuteContext(
			host.workflow,
			host.node,
			host.additionalData,
			'manual',
			{ resultData: { runData: {} } } as never,
			0,
			items,
			{ main: [items] },
			{ node: host.node, data: { main: [items] }, source: null },
			[],
		);
		Object.assign(context, {
			getCredentials: async () => ({
				token: big.issueToken(),
				region: 'custom',
				customUrl: big.url,
			}),
		});
		try {
			await expect(node.execute.call(context as unknown as IExecuteFunctions)).rejects.toThrow(
				/more than 100000 matching audit events, more than one summary counts/,
			);
		} finally {
			await big.stop();
		}
	}, 120_000);
});
