/**
 * The bad-input suite: every way a token, an address, a server's answer or a setting can be
 * wrong, met by the real trigger (real n8n-core PollContext, real HTTP). Each case expects its
 * own clear message, and the stored positions must be exactly as before. A workflow that already
 * has its positions is first re-armed after an n8n (re)start without any request (activation never
 * fails); the problem then surfaces at the next poll, under the failure policy. Everything the suite
 * produces (messages, descriptions, logs, items, static data) is kept and scanned at the end
 * for every token it used and each of the token's parts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { makePollContext, runPoll } from '../harness/n8n/pollContext';

let emu: Emulator;
let other: Emulator;
const servers: Server[] = [];
/** Every token used, and every output produced, for the secret scan at the end. */
const tokens: string[] = [];
const outputs: string[] = [];

/** Connections the suite's own (non-emulator) servers accepted: "no request" covers them too. */
let connections = 0;

function listen(server: Server): Promise<string> {
	servers.push(server);
	server.on('connection', () => connections++);
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port))),
	);
}

/** A server that answers every event request with the same (bad) response. */
async function misbehaving(status: number, contentType: string, body: string): Promise<string> {
	const port = await listen(
		createHttpServer((_request: IncomingMessage, response: ServerResponse) => {
			response.writeHead(status, { 'Content-Type': contentType });
			response.end(body);
		}),
	);
	return `http://127.0.0.1:${port}`;
}

/** An https server with a self-signed certificate n8n must not trust. */
async function selfSignedHttps(): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'selfsigned-'));
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-days',
			'1',
			'-subj',
			'/CN=127.0.0.1',
			'-keyout',
			join(dir, 'key.pem'),
			'-out',
			join(dir, 'cert.pem'),
		],
		{ stdio: 'ignore' },
	);
	const port = await listen(
		createHttpsServer(
			{ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
			(_request, response) => {
				response.writeHead(200, { 'Content-Type': 'application/json' });
				response.end('{"items":[],"cursor":"x","has_more":false}');
			},
		) as unknown as Server,
	);
	return `https://127.0.0.1:${port}`;
}

beforeAll(async () => {
	emu = await started({ port: 0, seed: 'auth', backlog: 0, rateLimit: false });
	other = await started({ port: 0, seed: 'other-account', backlog: 0, rateLimit: false });
});

afterAll(async () => {
	await Promise.all([
		stopped(emu),
		stopped(other),
		...servers.map((server) => new Promise((resolve) => server.close(resolve))),
	]);
});

/** A stored position as the trigger writes it (format 2, with its memory's horizon). */
const stored = (): IDataObject => ({
	format: 2,
	positions: {
		itemUsages: { cursor: 'placeholder', pageSize: 1000, horizon: '2026-11-01T00:00:00.000Z' },
	},
});

function token(
	options: Parameters<Emulator['issueToken']>[0] = {},
	issuer: Emulator = emu,
): string {
	const issued = issuer.issueToken(options);
	tokens.push(issued);
	return issued;
}

/** Every emulator the suite has running. */
const running = new Set<Emulator>();

async function started(options: Parameters<typeof startEmulator>[0]): Promise<Emulator> {
	const emulator = await startEmulator(options);
	running.add(emulator);
	return emulator;
}

async function stopped(emulator: Emulator): Promise<void> {
	running.delete(emulator);
	await emulator.stop();
}

/** Requests (or connections) any server of the suite has seen so far. */
const requestsSoFar = (): number =>
	[...running].reduce((sum, emulator) => sum + emulator.stats().requests.total, connections);

let workflows = 0;
const messagesOf = (logs: Array<{ message: string }>) =>
	logs.map((line) => line.message).join('\n');

type PollOutcome = {
	result: Awaited<ReturnType<typeof runPoll>> | undefined;
	error?: Error & { description?: string; kind?: string };
	text: string;
};

/** One poll of the given workflow node; everything it produces is kept for the secret scan. */
async function pollOnce(
	credential: ICredentialDataDecryptedObject,
	parameters: IDataObject,
	staticData: IDataObject,
	workflowId: string,
	pollBudgetMs = 1500,
): Promise<PollOutcome & { logs: Array<{ level: string; message: string }> }> {
	const { context, logs } = makePollContext({
		credential,
		parameters,
		staticData,
		workflowId,
		pollBudgetMs,
	});
	const outcome = await runPoll(context).then(
		(result): PollOutcome => ({ result, text: '' }),
		(error: Error & { description?: string; kind?: string }): PollOutcome => ({
			result: undefined,
			error,
			text: `${error.message}\n${error.description ?? ''}`,
		}),
	);
	outputs.push(
		JSON.stringify(outcome.result ?? null),
		outcome.text,
		JSON.stringify(logs),
		JSON.stringify(staticData),
		String(outcome.error?.stack),
	);
	return { ...outcome, logs };
}

/**
 * The first poll of a workflow node in this process whose every type has a stored position:
 * null, no request to anyone, static data untouched.
 */
async function expectRearmed(
	credential: ICredentialDataDecryptedObject,
	parameters: IDataObject,
	staticData: IDataObject,
	workflowId: string,
) {
	const before = JSON.stringify(staticData);
	const requests = requestsSoFar();
	const { result, error, logs } = await pollOnce(credential, parameters, staticData, workflowId);
	expect(error).toBeUndefined();
	expect(result).toBeNull();
	expect(requestsSoFar()).toBe(requests);
	expect(JSON.stringify(staticData)).toBe(before); // not even rewritten
	expect(messagesOf(logs)).toMatch(
		/active again; reading resumes from the saved positions at the next poll/,
	);
}

/**
 * Expects a lasting problem to fail the first poll that meets it, leaving the state untouched;
 * returns message + description. With stored positions for every selected type (the default),
 * that is the poll after the activation poll, which must only re-arm; `firstPollFails` is for
 * problems met before that (the node's parameters, or a type with no position yet).
 */
async function failureOf(
	credential: ICredentialDataDecryptedObject,
	parameters: IDataObject = {},
	staticData: IDataObject = stored(),
	firstPollFails = false,
) {
	const workflowId = `bad-input-${++workflows}`;
	if (!firstPollFails) await expectRearmed(credential, parameters, staticData, workflowId);
	const before: unknown = JSON.parse(JSON.stringify(staticData));
	const { error, text } = await pollOnce(credential, parameters, staticData, workflowId);
	expect(error).toBeDefined();
	expect(staticData).toEqual(before);
	return text;
}

const custom = (url: string, withToken = token()) => ({
	token: withToken,
	region: 'custom',
	customUrl: url,
});

describe('tokens', () => {
	it('revoked', async () => {
		const revoked = token();
		emu.revokeToken(revoked);
		expect(await failureOf(custom(emu.url, revoked))).toMatch(
			/rejected the token when fetching item usages \(401\)[\s\S]*expired, revoked/,
		);
	});

	it('revoked, after an n8n restart: activation only re-arms (no request, state untouched), the next poll fails, later ones only log', async () => {
		const revoked = token();
		emu.revokeToken(revoked);
		const credential = custom(emu.url, revoked);
		const staticData = stored();
		await expectRearmed(credential, {}, staticData, 'restarted-with-revoked-token');

		const requests = requestsSoFar();
		const failed = await pollOnce(credential, {}, staticData, 'restarted-with-revoked-token');
		expect(failed.error).toMatchObject({
			kind: 'unauthorized',
			message: expect.stringMatching(/rejected the token when fetching item usages \(401\)/),
		});
		expect(requestsSoFar()).toBeGreaterThan(requests); // (n8n's request helper resends a 401 once)
		expect(staticData).toEqual(stored());

		// Within the hour the same lasting problem is logged, not failed again.
		const logged = await pollOnce(credential, {}, staticData, 'restarted-with-revoked-token');
		expect(logged.error).toBeUndefined();
		expect(logged.result).toBeNull();
		expect(messagesOf(logged.logs)).toMatch(/rejected the token/);
		expect(staticData).toEqual(stored());

		// Another restart: its activation poll re-arms again, whatever the token.
		await expectRearmed(credential, {}, staticData, 'restarted-with-revoked-token-again');
	});

	it('expired', async () => {
		const expired = token({ expiresInSeconds: 1, issuedAt: Date.now() - 3_600_000 });
		expect(await failureOf(custom(emu.url, expired))).toMatch(/\(401\)[\s\S]*Get Token Info/);
	});

	it('signed by another account (foreign signature)', async () => {
		expect(await failureOf(custom(emu.url, token({ audience: emu.audience }, other)))).toMatch(
			/rejected the token/,
		);
	});

	it('of another region (audience of another host)', async () => {
		// Sent to this host (Custom URL), which refuses a token meant for another: a 401 that names the cause.
		expect(await failureOf(custom(emu.url, token({ audience: 'events.1password.eu' })))).toMatch(
			/rejected the token when fetching item usages \(401\)[\s\S]*for another region/,
		);
	});

	it("under Automatic, a token whose audience is not a 1Password host (the emulator's): refused before any request", async () => {
		const requests = requestsSoFar();
		expect(await failureOf({ token: token(), region: 'auto' })).toMatch(
			/names an events host that is not one of 1Password's Events API hosts \("127\.0\.0\.1:\d+"\)[\s\S]*Set Region[\s\S]*Custom URL/,
		);
		expect(requestsSoFar()).toBe(requests);
	});

	it('malformed (not a JWT at all): the plain-text 404 names both causes, the token first', async () => {
		expect(await failureOf(custom(emu.url, 'definitely not a jwt'))).toMatch(
			/answered 404 when fetching item usages: wrong address or unreadable token[\s\S]*not copied in full[\s\S]*Custom URL/,
		);
	});

	it('not copied in full: a 404 that names both causes, or a 401 where the API answers so', async () => {
		const whole = token();
		const cut = whole.slice(0, Math.floor(whole.length / 3)); // ends inside the payload
		expect(await failureOf(custom(emu.url, cut))).toMatch(
			/wrong address or unreadable token[\s\S]*copy the whole bearer token/,
		);
		emu.configure({ garbledTokenStatus: 401 });
		try {
			expect(await failureOf(custom(emu.url, cut))).toMatch(
				/rejected the token when fetching item usages \(401\)/,
			);
		} finally {
			emu.configure({ garbledTokenStatus: 404 });
		}
	});

	it('empty', async () => {
		expect(await failureOf(custom(emu.url, '   '))).toMatch(/has no token/);
	});

	it('old, without a region, under Automatic', async () => {
		const old = Buffer.from(JSON.stringify({ aud: ['com.1password.streamingservice'] })).toString(
			'base64url',
		);
		expect(await failureOf({ token: `e30.${old}.c2ln`, region: 'auto' })).toMatch(
			/does not say which region.*Set Region/,
		);
	});

	it('not scoped to the selected type: refused before any request, naming the type and the fix', async () => {
		const scoped = token({ features: ['itemusages'] });
		const requests = requestsSoFar();
		const text = await failureOf(
			custom(emu.url, scoped),
			{ eventTypes: ['signInAttempts'] },
			{
				positions: { signInAttempts: { cursor: 'x' } },
			},
		);
		expect(text).toMatch(
			/may not read sign-in attempts[\s\S]*remove Sign-In Attempts from Event Types/,
		);
		expect(requestsSoFar()).toBe(requests);
	});
});

describe('addresses', () => {
	it('plain-text 404: the custom URL points below the API root', async () => {
		expect(await failureOf(custom(`${emu.url}/api/v2`))).toMatch(
			/answered 404 when fetching item usages: wrong address[\s\S]*without \/api/,
		);
	});

	it('http to a host that is not loopback', async () => {
		expect(await failureOf(custom('http://events.example.com'))).toMatch(/plain http.*unencrypted/);
	});

	it('not http(s)', async () => {
		expect(await failureOf(custom('ftp://127.0.0.1'))).toMatch(/must start with https/);
	});

	it('not a URL', async () => {
		expect(await failureOf(custom('events dot example'))).toMatch(/is not a valid URL/);
	});

	it('TLS: a certificate n8n does not trust', async () => {
		expect(await failureOf(custom(await selfSignedHttps()))).toMatch(
			/TLS certificate[\s\S]*NODE_EXTRA_CA_CERTS/,
		);
	});

	it('unreachable host (nothing listening): logged while passing, surfaced once it lasts', async () => {
		const dead = await startEmulator({ port: 0 });
		const url = dead.url;
		await dead.stop();
		const staticData = stored();
		const credential = custom(url);
		await expectRearmed(credential, {}, staticData, 'refused');
		for (let poll = 0; poll < 2; poll++) {
			const { result, error, logs } = await pollOnce(credential, {}, staticData, 'refused', 300);
			expect(error).toBeUndefined();
			expect(result).toBeNull();
			expect(messagesOf(logs)).toMatch(/Could not reach the Events API/);
		}
		const { error } = await pollOnce(credential, {}, staticData, 'refused', 300);
		expect(error?.message).toMatch(/Could not reach the Events API/);
		expect(staticData).toEqual(stored());
	});
});

describe('answers that are not the Events API', () => {
	// Passing failures are retried and only surfaced once they last 3 polls. After the activation
	// poll (which only re-arms), the first two failing polls log, the third fails; the position
	// stays exactly as it was throughout.
	async function lastingFailureOf(
		url: string,
		staticData: IDataObject = stored(),
		credential = custom(url),
	): Promise<string> {
		const before: unknown = JSON.parse(JSON.stringify(staticData));
		const workflowId = `bad-answer-${++workflows}`;
		await expectRearmed(credential, {}, staticData, workflowId);
		const warnings: string[] = [];
		for (let poll = 0; poll < 2; poll++) {
			const { result, error, logs } = await pollOnce(credential, {}, staticData, workflowId, 300);
			expect(error).toBeUndefined();
			expect(result).toBeNull();
			warnings.push(messagesOf(logs.filter((line) => line.level === 'warn')));
			expect(staticData).toEqual(before);
		}
		const { error, text, logs } = await pollOnce(credential, {}, staticData, workflowId, 300);
		expect(error).toBeDefined();
		// The polls before logged the same problem.
		for (const logged of warnings) expect(logged).toContain(error?.message);
		expect(staticData).toEqual(before);
		expect(messagesOf(logs)).not.toMatch(/refused the saved cursor/);
		return text;
	}

	it('an HTML error page from a proxy (502)', async () => {
		const text = await lastingFailureOf(
			await misbehaving(502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>'),
		);
		expect(text).toMatch(/had a problem answering for item usages \(502\)/);
		expect(text).not.toMatch(/<html>/);
	});

	it('200 with a body that is not JSON', async () => {
		expect(
			await lastingFailureOf(await misbehaving(200, 'text/html', '<html>captive portal</html>')),
		).toMatch(/unusable answer for item usages: the body is not a JSON object/);
	});

	it('200 with JSON that has no items', async () => {
		expect(
			await lastingFailureOf(
				await misbehaving(200, 'application/json', '{"cursor":"x","has_more":false}'),
			),
		).toMatch(/unusable answer[\s\S]*no "items" list/);
	});

	it('200 with JSON that has no cursor', async () => {
		expect(
			await lastingFailureOf(
				await misbehaving(200, 'application/json', '{"items":[],"has_more":false}'),
			),
		).toMatch(/unusable answer[\s\S]*no "cursor"/);
	});

	describe('from the Events API itself, after its 200 status line, on a cursor it issued: passing, never a restart', () => {
		let api: Emulator;

		beforeAll(async () => {
			api = await started({ port: 0, seed: 'after-200', backlog: 0, rateLimit: false });
		});

		afterAll(async () => {
			await stopped(api);
		});

		it.each([
			[
				'drop-after-headers',
				/The connection broke while receiving item usages[\s\S]*answered 200, but the answer did not arrive whole/,
			],
			// The body stalls longer than the request may wait: n8n's own timeout ends it (ECONNABORTED,
			// without the status line). A stall that ends first reads as above: see triggerFaults.
			[
				'stall-body',
				/Could not reach the Events API when fetching item usages[\s\S]*ECONNABORTED[\s\S]*arrived in time/,
			],
			['html-200', /unusable answer for item usages: the body is not a JSON object/],
			['wrong-shape-200', /unusable answer for item usages: it has no "items" list/],
		] as const)('%s', async (kind, message) => {
			// A real position: marked at activation, then read once up to the head of the stream.
			const credential = custom(api.url, token({}, api));
			const staticData: IDataObject = {};
			const setup = `after-200-setup-${kind}`;
			expect((await pollOnce(credential, {}, staticData, setup)).result).toBeNull();
			expect((await pollOnce(credential, {}, staticData, setup)).error).toBeUndefined();
			expect((staticData.positions as IDataObject).itemUsages).toMatchObject({
				cursor: expect.any(String),
			});

			const [waiting] = api.inject('itemusages', { count: 1 });
			api.setFaultProfile({ probability: 1, kinds: [kind], stallMs: 5000 });
			let text: string;
			try {
				text = await lastingFailureOf(api.url, staticData, credential);
			} finally {
				api.clearFaults();
			}
			expect(text).toMatch(message);
			expect(api.stats().faultsInjected[kind]).toBeGreaterThanOrEqual(3);

			// The stored cursor was kept: the next poll takes what arrived, from exactly there.
			const { result } = await pollOnce(credential, {}, staticData, setup);
			expect(result?.[0].map((item) => item.json.uuid)).toEqual([waiting.uuid]);
		});
	});
});

describe('a cursor 1Password refuses (400)', () => {
	it("is replaced by a re-read from the memory's horizon in the same poll, de-duplicated above the memory's size; the next poll reports it once", async () => {
		const stream = await started({ port: 0, seed: 'refused-cursor', backlog: 0, rateLimit: false });
		try {
			const credential = custom(stream.url, token({}, stream));
			const staticData: IDataObject = {};
			const workflowId = 'refused-cursor';
			const poll = async () => {
				const outcome = await pollOnce(credential, {}, staticData, workflowId, 20_000);
				return {
					...outcome,
					uuids: (outcome.result?.[0] ?? []).map((item) => String(item.json.uuid)),
				};
			};
			const delivered: string[] = [];
			const take = async () => {
				const outcome = await poll();
				expect(outcome.error).toBeUndefined();
				delivered.push(...outcome.uuids);
				return outcome;
			};

			expect((await take()).result).toBeNull(); // activation: marks the start
			// Well above the 1,000 events the memory keeps, so a re-read cannot hide behind it.
			const before = [
				...stream.inject('itemusages', { count: 1500 }),
				...stream.inject('itemusages', { count: 700 }),
			].map((event) => event.uuid);
			expect((await take()).uuids).toEqual(before);
			expect(await take()).toMatchObject({ result: null }); // caught up, with a cursor

			const position = (staticData.positions as IDataObject).itemUsages as IDataObject;
			expect(position).toMatchObject({
				cursor: expect.any(String),
				horizon: expect.any(String),
				readAt: expect.any(String),
			});
			// The memory is full (1,000 of the 2,200 taken): the oldest were forgotten.
			expect(
				(position.seen as Array<[number, string]>).reduce(
					(sum, [, prints]) => sum + prints.length / 11,
					0,
				),
			).toBe(1000);
			const horizon = position.horizon as string;
			const after = new Date(Date.parse(position.readAt as string) - 5 * 60_000)
				.toISOString()
				.replace('.000Z', 'Z');

			// Events that arrive after the last read but before the refusal, stamped later than any
			// event taken (the horizon is kept to the millisecond; an event in the same millisecond
			// as the horizon would be held back and reported as possibly missing).
			await new Promise((resolve) => setTimeout(resolve, 5));
			const arrived = stream.inject('itemusages', { count: 300 }).map((event) => event.uuid);
			stream.enqueueFaults(['refuse-cursor']);
			stream.resetStats();
			const restarted = await take();
			expect(restarted.uuids).toEqual(arrived);
			expect(messagesOf(restarted.logs)).toMatch(
				/refused the saved cursor for item usages; reading again from/,
			);
			expect(stream.stats().faultsInjected['refuse-cursor']).toBe(1);
			// The re-read went back over everything taken before, and emitted none of it again.
			expect(stream.stats().eventsInPages.itemusages).toBe(before.length + arrived.length);

			const report = await poll();
			expect(report.error).toMatchObject({
				kind: 'cursorRefused',
				message:
					'1Password no longer accepted the saved position for item usages; delivery restarted',
			});
			expect(report.error?.description).toContain(
				`Events timestamped at or before ${horizon} that reached 1Password after ${after} may be missing`,
			);

			// Reported once; delivery goes on.
			const later = stream.inject('itemusages', { count: 5 }).map((event) => event.uuid);
			expect((await take()).uuids).toEqual(later);
			expect(await take()).toMatchObject({ result: null });
			expect(delivered).toEqual([...before, ...arrived, ...later]);
			expect(new Set(delivered).size).toBe(delivered.length);
			expect(
				((staticData.positions as IDataObject).itemUsages as IDataObject).restart,
			).toBeUndefined();
		} finally {
			await stopped(stream);
		}
	}, 60_000);
});

describe('settings', () => {
	it.each([
		['no event type', { eventTypes: [] }, /select at least one event type/],
		['an unknown event type', { eventTypes: ['passwords'] }, /"?passwords"? is not an event type/],
		[
			'page size 0',
			{ options: { pageSize: 0 } },
			/Page Size must be a whole number from 1 to 1000 \(it is 0\)/,
		],
		[
			'page size 1001',
			{ options: { pageSize: 1001 } },
			/Page Size must be a whole number from 1 to 1000 \(it is 1001\)/,
		],
		[
			'max events per poll 0',
			{ options: { maxEventsPerPoll: 0 } },
			/Max Events per Poll must be a whole number/,
		],
		[
			'a look back of 121 days',
			{ startFrom: 'lookback', lookbackAmount: 121, lookbackUnit: 'days' },
			/Look Back must be a whole number from 1 to 120/,
		],
		[
			'a vault filter with a bad UUID',
			{ filters: { vaultUuids: 'finance-vault' } },
			/Vault UUIDs filter: "finance-vault" is not valid/,
		],
		[
			'a user filter with a bad email',
			{ filters: { userEmails: 'alice@, bob@example.com' } },
			/User Emails filter: "alice@" is not valid/,
		],
		[
			'a negative silence alert',
			{ options: { silenceHours: -1 } },
			/Alert After Silence \(Hours\) must be a number of hours from 0 to 720/,
		],
	])('%s: refused at the first poll, before any request', async (_name, parameters, message) => {
		const requests = requestsSoFar();
		expect(await failureOf(custom(emu.url), parameters, stored(), true)).toMatch(message);
		expect(requestsSoFar()).toBe(requests);
	});

	// Start From matters only where a type has no position yet: a new workflow.
	it.each([
		[
			'a start date in the future',
			{ startFrom: 'date', startDate: '2099-01-01T00:00:00Z' },
			/Start Date \(2099-01-01T00:00:00Z\) is in the future/,
		],
		[
			'a start date older than 120 days',
			{ startFrom: 'date', startDate: '2020-01-01T00:00:00Z' },
			/more than 120 days ago/,
		],
		[
			'invalid date text',
			{ startFrom: 'date', startDate: 'next thursday' },
			/Start Date "next thursday" is not a date/,
		],
	])(
		'%s: a new workflow fails with the fix, before any request, and stores no position',
		async (_name, parameters, message) => {
			const requests = requestsSoFar();
			const staticData: IDataObject = {};
			const text = await failureOf(custom(emu.url), parameters, staticData, true);
			expect(text).toMatch(message);
			expect(text).toMatch(/Change Start From/);
			expect(staticData).toEqual({});
			expect(requestsSoFar()).toBe(requests);
		},
	);

	it('a stored position is never refused for its start setting: a start date 200 days old still polls', async () => {
		const credential = custom(emu.url);
		const staticData: IDataObject = {};
		// The stream starts (from now), and has read once.
		expect((await pollOnce(credential, {}, staticData, 'old-start-date')).result).toBeNull();
		expect((staticData.positions as IDataObject).itemUsages).toBeDefined();
		// Later the Start Date reads 200 days ago (chosen long ago, or edited): reading goes on.
		const longAgo = {
			startFrom: 'date',
			startDate: new Date(Date.now() - 200 * 86_400_000).toISOString(),
		};
		const [first] = emu.inject('itemusages', { count: 1 });
		const read = await pollOnce(credential, longAgo, staticData, 'old-start-date');
		expect(read.error).toBeUndefined();
		expect(read.result?.[0].map((item) => item.json.uuid)).toEqual([first.uuid]);
		// And after an n8n restart: re-armed, then read.
		await expectRearmed(credential, longAgo, staticData, 'old-start-date-restarted');
		const [second] = emu.inject('itemusages', { count: 1 });
		const again = await pollOnce(credential, longAgo, staticData, 'old-start-date-restarted');
		expect(again.error).toBeUndefined();
		expect(again.result?.[0].map((item) => item.json.uuid)).toEqual([second.uuid]);
	});
});

describe('secret hygiene', () => {
	it('no token, nor any part of one, appears in anything the suite produced', () => {
		expect(tokens.length).toBeGreaterThan(20);
		expect(outputs.length).toBeGreaterThan(50);
		const everything = outputs.join('\n');
		for (const used of tokens) {
			for (const part of used.split('.').filter((piece) => piece.length >= 8))
				expect(everything).not.toContain(part);
		}
	});
});
