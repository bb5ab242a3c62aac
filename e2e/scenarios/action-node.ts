/**
 * The action node in a workflow run by n8n itself (the editor's manual run: Manual Trigger → node):
 * Event > Get Many over a past time range with an action filter returns exactly the matching
 * events the emulator holds in that range (Return All, and a Limit below the matches; simplified
 * with Add Vault and Item Names, the names 1Password Connect holds), and Token > Get Info reports
 * what the credential's token may read, without the token. A Get Many with a filter of another
 * event type fails with a message that says which filter and what to do; a Summary (Counts) of
 * the range counts exactly the item usages the suite produced there.
 */
import { nodeOutput, type ExecutionSummary } from '../n8n/client';
import { emulatorCredentialData, CREDENTIAL_TYPE, EXAMPLE_CONNECT_CREDENTIAL } from '../n8n/seed';
import { waitUntil } from '../checks';
import { client, type SuiteContext } from '../context';

const NODE_TYPE = 'n8n-nodes-1password-events.onePasswordEvents';
const MANUAL_TRIGGER = 'Manual Trigger';
const GET_MANY = 'Get Many Exports';
const GET_MANY_LIMITED = 'Get Many Exports (Limit)';
const GET_MANY_NAMED = 'Get Many Exports (Names)';
const GET_INFO = 'Get Token Info';
const GET_MANY_MISAPPLIED = 'Get Many (Sign-In Filter on Item Usages)';
const SUMMARY = 'Summarize Item Usages';
/** What n8n must record for the misapplied filter (actions/event, shared/filterScope.ts). */
const MISAPPLIED_MESSAGE =
	'Sign-In Result applies to sign-in attempts only, but Event Type is Item Usages: remove the filter or change Event Type to Sign-In Attempts.';
/** Matching item exports placed in the range, and the Limit of the limited run (below it). */
const MATCHES = 6;
const LIMIT = 3;
/** The range sits this far back: before the demo example's window, inside the streams'. */
const RANGE_BACK_MS = 3 * 60 * 60 * 1000;
const RANGE_HALF_MS = 60_000;
/** The token reads item usages and audit events, not sign-in attempts. */
const FEATURES = ['itemusages', 'auditevents'];
const EXPIRES_IN_SECONDS = 3600;

function actionNode(
	name: string,
	credentialId: string,
	position: [number, number],
	parameters: Record<string, unknown>,
	withConnect = false,
) {
	return {
		id: name.replace(/\W+/g, '-').toLowerCase(),
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position,
		parameters,
		credentials: {
			onePasswordEventsApi: { id: credentialId, name: 'action node' },
			// The examples' Connect credential (seeded before n8n started: seed.ts).
			...(withConnect ? { onePasswordConnectApi: { ...EXAMPLE_CONNECT_CREDENTIAL } } : {}),
		},
	};
}

function tokenClaims(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
		string,
		unknown
	>;
}

/** Returns the workflow's id (its executions are searched for tokens at the end). */
export async function checkActionNode(context: SuiteContext): Promise<string> {
	const { emulator, source } = context;
	const token = emulator.issueToken({ features: FEATURES, expiresInSeconds: EXPIRES_IN_SECONDS });
	context.tokens.push(token);
	const credentialId = await client(context).createCredential(
		'action node',
		CREDENTIAL_TYPE,
		emulatorCredentialData(emulator.url, token),
	);

	// A past range holding matching exports, other item usages, and exports just outside it.
	const centre = Math.floor((Date.now() - RANGE_BACK_MS) / 1000) * 1000;
	const start = centre - RANGE_HALF_MS;
	const end = centre + RANGE_HALF_MS;
	const at = (ms: number) => new Date(ms).toISOString();
	// The first match is an item in a vault Connect sees, the second one in a vault it cannot see.
	const directory = emulator.connectDirectory();
	const placed = [true, false].map((shared) => {
		const vault = directory.vaults.find((entry) => entry.shared === shared);
		const item = directory.items.find((entry) => entry.vaultId === vault?.id && !entry.archived);
		return vault && item ? { vault_uuid: vault.id, item_uuid: item.id } : {};
	});
	const matches = source.produce(
		'itemusages',
		Array.from({ length: MATCHES }, (_, index) => ({
			action: 'export',
			timestamp: at(start + 5_000 + index * 15_000),
			...placed[index],
		})),
	);
	source.produce('itemusages', [
		{ action: 'fill', timestamp: at(centre - 10_000) },
		{ action: 'reveal', timestamp: at(centre + 10_000) },
		{ action: 'export', timestamp: at(start - 5 * 60_000) },
		{ action: 'export', timestamp: at(end + 5 * 60_000) },
	]);
	source.produce('auditevents', [{ timestamp: at(centre) }]);
	// The oracle: every item export the emulator holds in the range (the ones above, unless a
	// produced event happened to land there too).
	const expected = new Set(
		source.produced
			.filter((event) => {
				const stamped = Date.parse(String(event.record.timestamp));
				return (
					event.type === 'itemusages' &&
					event.record.action === 'export' &&
					stamped >= start &&
					stamped <= end
				);
			})
			.map((event) => event.uuid),
	);

	const range = {
		resource: 'event',
		operation: 'getAll',
		eventType: 'itemUsages',
		startTime: at(start),
		endTime: at(end),
		output: 'raw',
		filters: { itemUsageActions: ['export'] },
	};
	const workflow = await client(context).createWorkflow({
		name: 'action node',
		nodes: [
			{
				id: 'manual-trigger',
				name: MANUAL_TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			actionNode(GET_MANY, credentialId, [260, -200], { ...range, returnAll: true }),
			actionNode(GET_MANY_LIMITED, credentialId, [260, 0], {
				...range,
				returnAll: false,
				limit: LIMIT,
			}),
			actionNode(
				GET_MANY_NAMED,
				credentialId,
				[260, 200],
				{ ...range, returnAll: true, output: 'simplified', addNames: true },
				true,
			),
			actionNode(GET_INFO, credentialId, [260, 400], { resource: 'token', operation: 'getInfo' }),
			actionNode(GET_MANY_MISAPPLIED, credentialId, [260, 600], {
				...range,
				returnAll: true,
				filters: { signInResult: 'failures' },
			}),
			actionNode(SUMMARY, credentialId, [260, 800], {
				...range,
				output: 'summary',
				filters: {},
			}),
		],
		connections: {
			[MANUAL_TRIGGER]: {
				main: [
					[
						{ node: GET_MANY, type: 'main', index: 0 },
						{ node: GET_MANY_LIMITED, type: 'main', index: 0 },
						{ node: GET_MANY_NAMED, type: 'main', index: 0 },
						{ node: GET_INFO, type: 'main', index: 0 },
						{ node: GET_MANY_MISAPPLIED, type: 'main', index: 0 },
						{ node: SUMMARY, type: 'main', index: 0 },
					],
				],
			},
		},
		settings: {
			executionOrder: 'v1',
			saveManualExecutions: true,
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
	});

	/** A manual run up to one node, once it has ended (however it ended). */
	const runToEnd = async (node: string): Promise<ExecutionSummary> => {
		const executionId = await client(context).runTriggerManually(workflow.id, MANUAL_TRIGGER, node);
		let execution = await client(context).execution(executionId);
		await waitUntil(async () => {
			execution = await client(context).execution(executionId);
			return execution.status !== 'running' && execution.status !== 'new';
		}, 60_000);
		return execution;
	};
	/** A manual run up to one node; its items, or a throw saying how the run ended. */
	const run = async (
		node: string,
	): Promise<{ execution: ExecutionSummary; items: Array<Record<string, unknown>> }> => {
		const execution = await runToEnd(node);
		if (execution.mode !== 'manual' || execution.status !== 'success') {
			const error = execution.data?.resultData.error;
			throw new Error(
				`${execution.mode} execution ${execution.status}${error ? `: ${error.message ?? ''} ${error.description ?? ''}` : ''}`,
			);
		}
		return { execution, items: nodeOutput(execution, node) };
	};

	await context.checks.step(
		`action node: Get Many (Return All, action filter) returns exactly the ${MATCHES} matching item usages in the range`,
		async () => {
			const { items } = await run(GET_MANY);
			const uuids = items.map((item) => String(item.uuid));
			const got = new Set(uuids);
			const missing = [...expected].filter((uuid) => !got.has(uuid));
			const extra = uuids.filter((uuid) => !expected.has(uuid));
			const detail = `expected ${expected.size} (${MATCHES} placed), got ${uuids.length} items, ${got.size} distinct, ${missing.length} missing, ${extra.length} unexpected`;
			const ok =
				matches.every((event) => expected.has(event.uuid)) &&
				expected.size === MATCHES &&
				uuids.length === expected.size &&
				got.size === expected.size &&
				missing.length === 0 &&
				items.every((item) => item.action === 'export');
			if (!ok) throw new Error(detail);
			return detail;
		},
	);

	await context.checks.step(
		`action node: Get Many with Limit ${LIMIT} returns ${LIMIT} of the matching item usages`,
		async () => {
			const { items } = await run(GET_MANY_LIMITED);
			const uuids = items.map((item) => String(item.uuid));
			const detail = `got ${uuids.length} items (${new Set(uuids).size} distinct), ${uuids.filter((uuid) => !expected.has(uuid)).length} not matching`;
			if (
				uuids.length !== LIMIT ||
				new Set(uuids).size !== LIMIT ||
				!uuids.every((uuid) => expected.has(uuid))
			)
				throw new Error(detail);
			return detail;
		},
	);

	await context.checks.step(
		'action node: Get Many with Add Vault and Item Names names them as 1Password Connect does',
		async () => {
			const { items } = await run(GET_MANY_NAMED);
			const vaults = new Map(directory.vaults.map((vault) => [vault.id.toLowerCase(), vault]));
			const titles = new Map(directory.items.map((item) => [item.id.toLowerCase(), item.title]));
			let named = 0;
			let unnamed = 0;
			const wrong: string[] = [];
			for (const item of items) {
				const vault = vaults.get(String(item.vaultUuid).toLowerCase());
				const title = titles.get(String(item.itemUuid).toLowerCase());
				const summary = String(item.summary);
				if (vault?.shared) {
					if (
						item.vaultName === vault.name &&
						item.itemTitle === title &&
						summary.includes(`exported '${title}' in vault ${vault.name}`)
					)
						named++;
					else wrong.push(`${String(item.uuid)}: ${summary}`);
				} else if (
					item.vaultName === undefined &&
					item.itemTitle === undefined &&
					summary.includes(`in vault ${String(item.vaultUuid)}`)
				)
					unnamed++;
				else wrong.push(`${String(item.uuid)}: ${summary}`);
			}
			const uuids = new Set(items.map((item) => String(item.uuid)));
			const detail = `${items.length} items: ${named} named, ${unnamed} in a vault Connect cannot see (unnamed), ${wrong.length} wrong${wrong.length ? `, e.g. ${wrong[0]}` : ''}; e.g. "${String(items.find((item) => item.vaultName)?.summary)}"`;
			if (
				items.length !== expected.size ||
				![...expected].every((uuid) => uuids.has(uuid)) ||
				wrong.length > 0 ||
				named === 0 ||
				unnamed === 0
			)
				throw new Error(detail);
			return detail;
		},
	);

	await context.checks.step(
		'action node: Token > Get Info reports what the token may read, without the token',
		async () => {
			const { execution, items } = await run(GET_INFO);
			const claims = tokenClaims(token);
			const info = items[0] ?? {};
			const canRead = JSON.stringify(info.canRead);
			const expectedCanRead = JSON.stringify({
				itemUsages: true,
				signInAttempts: false,
				auditEvents: true,
			});
			const expiresAt = new Date((Number(claims.iat) + EXPIRES_IN_SECONDS) * 1000).toISOString();
			const signature = token.split('.')[2] ?? '';
			const serialized = JSON.stringify(execution);
			const leaked =
				serialized.includes(token) || (signature.length >= 20 && serialized.includes(signature));
			const detail =
				`${items.length} item, features ${JSON.stringify(info.features)}, canRead ${canRead}, eventTypes ${JSON.stringify(info.eventTypes)}, ` +
				`expiresAt ${String(info.expiresAt)}, token in execution: ${leaked}`;
			const ok =
				items.length === 1 &&
				JSON.stringify(info.features) === JSON.stringify(FEATURES) &&
				canRead === expectedCanRead &&
				info.tokenUuid === claims.jti &&
				info.accountUuid === claims['1password.com/auuid'] &&
				info.expiresAt === expiresAt &&
				Array.isArray(info.eventTypes) &&
				info.eventTypes.length === 2 &&
				!leaked;
			if (!ok) throw new Error(detail);
			return detail;
		},
	);

	await context.checks.step(
		'action node: Get Many with a sign-in filter on item usages fails, saying which filter and what to do',
		async () => {
			const execution = await runToEnd(GET_MANY_MISAPPLIED);
			const error = execution.data?.resultData.error;
			const runs = execution.data?.resultData.runData[GET_MANY_MISAPPLIED] ?? [];
			const nodeError = (runs[0] as { error?: { message?: string } } | undefined)?.error;
			const detail = `execution ${execution.status}, error "${error?.message ?? ''}", node error "${nodeError?.message ?? ''}"`;
			if (
				execution.status !== 'error' ||
				error?.message !== MISAPPLIED_MESSAGE ||
				(nodeError !== undefined && nodeError.message !== MISAPPLIED_MESSAGE)
			)
				throw new Error(detail);
			return detail;
		},
	);

	await context.checks.step(
		'action node: Summary (Counts) counts exactly the item usages produced in the range',
		async () => {
			const { items } = await run(SUMMARY);
			// The oracle: every item usage the suite produced in the range, by action and vault.
			const inRange = source.produced.filter((event) => {
				const stamped = Date.parse(String(event.record.timestamp));
				return event.type === 'itemusages' && stamped >= start && stamped <= end;
			});
			const countBy = (key: (record: Record<string, unknown>) => unknown) => {
				const counts: Record<string, number> = {};
				for (const event of inRange) {
					const value = key(event.record);
					const name = typeof value === 'string' && value !== '' ? value : '(none)';
					counts[name] = (counts[name] ?? 0) + 1;
				}
				return counts;
			};
			const listed = (entries: unknown) => {
				const counts: Record<string, number> = {};
				for (const entry of (entries ?? []) as Array<{ value: string | null; count: number }>)
					counts[entry.value ?? '(none)'] = entry.count;
				return counts;
			};
			const sorted = (counts: Record<string, number>) =>
				JSON.stringify(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
			const stamps = inRange.map((event) => Date.parse(String(event.record.timestamp)));
			const summary = items[0] ?? {};
			const other = (summary.other ?? {}) as Record<string, number>;
			const expected = {
				total: inRange.length,
				firstEventAt: new Date(Math.min(...stamps)).toISOString(),
				lastEventAt: new Date(Math.max(...stamps)).toISOString(),
				byAction: sorted(countBy((record) => record.action)),
				byVault: sorted(countBy((record) => record.vault_uuid)),
			};
			const got = {
				total: summary.total,
				firstEventAt: summary.firstEventAt,
				lastEventAt: summary.lastEventAt,
				byAction: sorted(listed(summary.byAction)),
				byVault: sorted(listed(summary.byVault)),
			};
			const detail = `${items.length} item; expected ${JSON.stringify(expected)}; got ${JSON.stringify(got)}; other ${JSON.stringify(other)}`;
			if (
				items.length !== 1 ||
				summary.eventType !== 'itemUsages' ||
				inRange.length < MATCHES + 2 ||
				JSON.stringify(got) !== JSON.stringify(expected) ||
				other.byAction !== 0 ||
				other.byVault !== 0
			)
				throw new Error(detail);
			return `${inRange.length} item usages in the range: ${got.byAction}`;
		},
	);
	return workflow.id;
}
