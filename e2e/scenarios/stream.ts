/**
 * Exactly-once delivery through real n8n polls: active workflows whose trigger posts every item to
 * the sink, started on a backlog bigger than one poll's cap, fed a live trickle with late item
 * usages, across n8n's one-minute cron ticks and a stop/start of n8n in the middle of the stream.
 *
 * Two workflows read the same emulator with different settings (raw output and all types with
 * 100-event pages; simplified output, two types and 7-event pages), so the cycles run in parallel.
 */
import type { EventType } from '../../emulator';
import { emulatorCredentialData, CREDENTIAL_TYPE } from '../n8n/seed';
import { client, type SuiteContext } from '../context';
import { deliveryWorkflow } from '../workflows';
import type { CredentialRef } from '../workflows';

/**
 * Late item usages carry timestamps up to a day old, and a stream started N days back never sees
 * events stamped before its start (1Password's cursor keeps the start time): two days back, every
 * event the suite produces is in every stream's window.
 */
export const LOOKBACK_DAYS = 2;

export interface StreamWorkflow {
	name: string;
	id: string;
	types: EventType[];
	/** Most events one poll may read (the trigger's Max Events per Poll). */
	cap: number;
}

const STREAMS = [
	{
		name: 'stream raw all types',
		types: ['itemusages', 'signinattempts', 'auditevents'] as EventType[],
		trigger: {
			eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'],
			output: 'raw',
			options: { maxEventsPerPoll: 900, pageSize: 100 },
		},
		cap: 900,
	},
	{
		name: 'stream simplified small pages',
		types: ['itemusages', 'auditevents'] as EventType[],
		trigger: {
			eventTypes: ['itemUsages', 'auditEvents'],
			output: 'simplified',
			options: { maxEventsPerPoll: 600, pageSize: 7 },
		},
		cap: 600,
	},
];

/** `confirmDelivery`: the triggers wait for each batch's execution (queue mode), with this credential. */
export async function createStreamWorkflows(
	context: SuiteContext,
	confirmDelivery?: CredentialRef,
): Promise<StreamWorkflow[]> {
	const created: StreamWorkflow[] = [];
	for (const stream of STREAMS) {
		const token = context.emulator.issueToken();
		context.tokens.push(token);
		const credentialId = await client(context).createCredential(
			stream.name,
			CREDENTIAL_TYPE,
			emulatorCredentialData(context.emulator.url, token),
		);
		const workflow = await client(context).createWorkflow(
			deliveryWorkflow({
				name: stream.name,
				credentialId,
				sinkUrl: context.sink.url,
				confirmDelivery,
				trigger: {
					...stream.trigger,
					startFrom: 'lookback',
					lookbackAmount: LOOKBACK_DAYS,
					lookbackUnit: 'days',
				},
			}),
		);
		created.push({ name: stream.name, id: workflow.id, types: stream.types, cap: stream.cap });
	}
	return created;
}

/** What n8n holds in the workflow's static data, per event type: whether a cursor is stored. */
export async function storedCursors(
	context: SuiteContext,
	workflow: StreamWorkflow,
): Promise<Record<string, boolean>> {
	const { staticData } = await client(context).getWorkflow(workflow.id);
	const node = (staticData ?? {})['node:1Password Events Trigger'] as
		{ positions?: Record<string, { cursor?: string }> } | undefined;
	const positions = node?.positions ?? {};
	return Object.fromEntries(
		Object.entries(positions).map(([type, position]) => [
			type,
			typeof position.cursor === 'string' && position.cursor.length > 0,
		]),
	);
}

/** `backlog`: events of each type waiting before the workflows were activated. */
export function checkStreamDeliveries(
	context: SuiteContext,
	streams: StreamWorkflow[],
	backlogPerType: number,
): void {
	for (const stream of streams) {
		const batches = context.sink.batches(stream.name);
		const received = context.sink.uuids(stream.name);
		context.checks.tally(stream.name, context.source.uuids(stream.types), received, batches.length);
		const backlog = backlogPerType * stream.types.length;
		const first = batches[0]?.uuids.length ?? 0;
		context.checks.check(
			`${stream.name}: the backlog took more than one poll, none over the cap`,
			first > 0 && first < backlog && batches.every((batch) => batch.uuids.length <= stream.cap),
			`backlog ${backlog}, cap ${stream.cap}, executions of ${batches.map((batch) => batch.uuids.length).join(', ')} items`,
		);
		const late = context.source.produced.filter(
			(event) => event.late && stream.types.includes(event.type),
		);
		const receivedSet = new Set(received);
		context.checks.check(
			`${stream.name}: late item usages (stamped up to a day back) were delivered`,
			late.length > 0 && late.every((event) => receivedSet.has(event.uuid)),
			`${late.filter((event) => receivedSet.has(event.uuid)).length} of ${late.length}`,
		);
	}
}
