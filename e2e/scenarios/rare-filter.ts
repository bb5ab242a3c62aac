/**
 * A filter that matches rarely, behind a backlog bigger than Max Events per Poll: most polls read
 * a full share of events and return null. n8n saves static data only with an execution, and the
 * 2.41 poll scheduler without durable cursors hands every poll the saved copy again, so a null
 * poll's progress survives only in the trigger's own memory (nodes/.../progressCache.ts). If it
 * did not, every poll would start again from the last execution's position: the matches behind
 * the first window would never come, and the same events would be served over and over.
 *
 * The workflow reads its own emulator, so that the emulator's page statistics count its requests
 * alone: events served in pages must stay at the events produced (before the restart), and after
 * the restart exceed them by no more than what the last execution's position puts back in reach.
 */
import { startEmulator, type Emulator } from '../../emulator';
import { emulatorCredentialData, CREDENTIAL_TYPE } from '../n8n/seed';
import { client, type SuiteContext } from '../context';
import { EventSource, type ProducedEvent } from '../event-source';
import { deliveryWorkflow } from '../workflows';
import { LOOKBACK_DAYS } from './stream';

const NAME = 'rare filter';
/** Max Events per Poll: the backlog below takes three polls, the first of which matches nothing. */
const CAP = 200;
const PAGE_SIZE = 50;
const MATCH = { action: 'export' };
const FILL = { action: 'fill' };

export interface RareFilterStream {
	readonly name: string;
	readonly id: string;
	readonly emulator: Emulator;
	readonly source: EventSource;
	/** Served in pages and produced, when n8n had stopped for the restart. */
	beforeStop?: { served: number; produced: number; allowance: number };
	stopTrickle(): void;
	stop(): Promise<void>;
}

/** Produces `fill` non-matching events, then one match. */
function produceRun(source: EventSource, fill: number, match = true): void {
	if (fill > 0)
		source.produce(
			'itemusages',
			Array.from({ length: fill }, () => FILL),
		);
	if (match) source.produce('itemusages', [MATCH]);
}

/** Starts its emulator with a backlog (two matches, 250 and 390 events in: the first poll reads none) and creates the workflow. */
export async function createRareFilterWorkflow(context: SuiteContext): Promise<RareFilterStream> {
	const emulator = await startEmulator({
		port: 0,
		seed: `e2e-rare-${context.runtime.version}`,
		backlog: 0,
		live: false,
	});
	const source = new EventSource(emulator);
	produceRun(source, 250);
	produceRun(source, 139);
	produceRun(source, 10, false);
	const token = emulator.issueToken();
	context.tokens.push(token);
	const credentialId = await client(context).createCredential(
		NAME,
		CREDENTIAL_TYPE,
		emulatorCredentialData(emulator.url, token),
	);
	const workflow = await client(context).createWorkflow(
		deliveryWorkflow({
			name: NAME,
			credentialId,
			sinkUrl: context.sink.url,
			trigger: {
				eventTypes: ['itemUsages'],
				output: 'raw',
				filters: { itemUsageActions: ['export'] },
				options: { maxEventsPerPoll: CAP, pageSize: PAGE_SIZE },
				startFrom: 'lookback',
				lookbackAmount: LOOKBACK_DAYS,
				lookbackUnit: 'days',
			},
		}),
	);
	// A trickle of events the filter drops: every poll in between reads some and returns null.
	const trickle = setInterval(() => produceRun(source, 2, false), 5_000);
	const stopTrickle = () => clearInterval(trickle);
	return {
		name: NAME,
		id: workflow.id,
		emulator,
		source,
		stopTrickle,
		stop: async () => {
			stopTrickle();
			await emulator.stop();
		},
	};
}

const matches = (source: EventSource): ProducedEvent[] =>
	source.produced.filter((event) => event.record.action === MATCH.action);

/** Whether every match produced so far has reached the sink. */
export function rareMatchesDelivered(context: SuiteContext, stream: RareFilterStream): boolean {
	const received = new Set(context.sink.uuids(stream.name));
	return matches(stream.source).every((event) => received.has(event.uuid));
}

/**
 * Call once n8n has stopped for the restart. After the restart the trigger continues from the
 * position n8n saved with the last execution (the default engine and the scheduler without
 * durable cursors) or from the last committed poll (durable cursors): what lies between that
 * execution's last match and the stop may be read once more, nothing else.
 */
export function noteRareFilterAtStop(context: SuiteContext, stream: RareFilterStream): void {
	const received = new Set(context.sink.uuids(stream.name));
	const produced = stream.source.produced;
	const lastDelivered = produced.map((event) => received.has(event.uuid)).lastIndexOf(true);
	stream.beforeStop = {
		served: stream.emulator.stats().eventsInPages.itemusages,
		produced: produced.length,
		allowance: produced.length - 1 - lastDelivered,
	};
}

/**
 * Once the backlog's matches are in: more than one poll's worth of dropped events, then a match.
 * The poll that reads the first share returns null, and under the scheduler without durable
 * cursors n8n drops what it read (the activation poll's state it does save, with the activation).
 */
export function produceRareBurst(stream: RareFilterStream): void {
	produceRun(stream.source, 240);
}

/** While n8n is down: more than one poll's worth of dropped events, then a match. */
export function produceRareWhileDown(stream: RareFilterStream): void {
	produceRun(stream.source, 240);
}

export function produceRareLastBatch(stream: RareFilterStream): void {
	produceRun(stream.source, 5);
}

export function checkRareFilterDeliveries(context: SuiteContext, stream: RareFilterStream): void {
	const { checks } = context;
	const batches = context.sink.batches(stream.name);
	const expected = new Set(matches(stream.source).map((event) => event.uuid));
	checks.tally(stream.name, expected, context.sink.uuids(stream.name), batches.length);
	const served = stream.emulator.stats().eventsInPages.itemusages;
	const produced = stream.source.produced.length;
	const before = stream.beforeStop;
	if (!before) {
		checks.check(
			`${stream.name}: events served stay at events produced`,
			false,
			'the run ended before the restart',
		);
		return;
	}
	checks.check(
		`${stream.name}: before the restart, no event was served twice (null polls kept their progress)`,
		before.served <= before.produced,
		`served in pages ${before.served}, produced ${before.produced} (${matches(stream.source).length} matches in all, Max Events per Poll ${CAP})`,
	);
	const reread = served - before.served - (produced - before.produced);
	checks.check(
		`${stream.name}: after the restart, at most the events since the last execution's match were read again`,
		served - produced <= before.allowance && reread <= before.allowance,
		`served in pages ${served}, produced ${produced}: read again ${Math.max(0, served - produced)}, bound ${before.allowance}`,
	);
	checks.note(
		`${stream.name}: the restart cost ${Math.max(0, served - produced)} events read again (of ${before.allowance} produced since the last execution's match)`,
	);
}
