/**
 * The soak run (issue 7): a long stream of all three event types through the emulator, met by the
 * REAL trigger poll() inside SimulatedWorkflow (n8n's part: static data saved only when a poll
 * returns items, restarts reload it), with every fault kind the emulator has, late item usages,
 * and n8n restarts between polls, inside polls, and after an execution but before its static
 * data was saved. Every event the emulator holds was injected here, so the run knows each uuid
 * it produced and can count what was lost or delivered twice.
 *
 * The last kind of crash is the one that CAN deliver an event twice, whatever the trigger does:
 * the execution already handed its items on, but the database still holds the position from
 * before that poll, so they are read and delivered again. Those repeats are the documented,
 * bounded cost of at-least-once delivery and are reported apart; the run passes only when every
 * repeat is explained by such a crash (the event was in the items of a poll that crashed after
 * delivery, and repeated at most once per such poll) and nothing is lost.
 *
 * Everything the driver decides (how many events per round and of which type, which are late,
 * when n8n restarts or crashes, the fault draws) comes from one seeded PRNG, so `--seed` replays a
 * run. Time is real (the node's request pacer and timeouts run on the wall clock), so which
 * request meets which fault can still shift a little between two runs of the same seed.
 *
 * Shared by `npm run soak` (scripts/soak.ts) and the short soak in `npm test`
 * (test/integration/soak.emulator.test.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { EVENT_TYPES, FAULT_KINDS, startEmulator } from '../../emulator';
import type { Emulator, EventType, FaultKind, FaultSpec, StatsSnapshot } from '../../emulator';
import { Random, hashString } from '../../emulator/prng';
import { SimulatedWorkflow } from './n8n/simulatedWorkflow';

/**
 * Every fault kind but a refused cursor: recovering from one may, by design, miss late events
 * (those it reports), which this run's "nothing lost" cannot excuse. The model-based tests
 * (test/model, `npm run soak -- --model`) play refused cursors with an oracle that checks the
 * report instead.
 */
export const SOAK_FAULT_KINDS = FAULT_KINDS.filter((kind) => kind !== 'refuse-cursor');

/** The Events API's documented limit; the node itself aims for 500. */
export const API_REQUESTS_PER_MINUTE = 600;

export interface SoakOptions {
	/** Events to produce over all three types (backlog + produced while the workflow runs). */
	events: number;
	seed: string;
	/** Chance that an event request meets a random fault (every kind, drawn uniformly). */
	faultRate: number;
	/** Share of the events injected as a backlog before the workflow starts. Default 0.3. */
	backlogShare?: number;
	/** About how many rounds (inject, then poll) produce the events after the backlog. Default 200. */
	rounds?: number;
	/** Mean events injected per round; default: what makes `rounds` rounds. */
	roundEvents?: number;
	/** Per round: chance of a burst of 8 times the mean (the per-poll cap then spreads it). Default 0.05. */
	burstChance?: number;
	/** Share of produced item usages that arrive late (old timestamp). Default 0.15. */
	lateShare?: number;
	/** Trigger option Page Size; default: the node's default (1000). */
	pageSize?: number;
	/** Trigger option Max Events per Poll; default: the node's default (10,000). */
	maxEventsPerPoll?: number;
	/** n8n's getPollBudgetMs(): the node's request timeout is min(30 s, what is left of it). Default 4000. */
	pollBudgetMs?: number;
	/** Latency of `latency` faults; default pollBudgetMs + 1500, so every one of them times out. */
	latencyMs?: number;
	/** Retry-After sent with `429-retry-after` faults. Default 1. */
	retryAfterSeconds?: number;
	/** Per round: chance n8n restarts before the poll, and that it crashes inside the poll. Default 0.1 each. */
	restartChance?: number;
	crashChance?: number;
	/**
	 * Per round: chance n8n crashes after the poll's execution delivered its items but before static
	 * data was saved (the only crash that repeats events). Default 0.05. While none has delivered
	 * events, one is forced from the middle round on, so every run with a chance above 0 meets one.
	 */
	crashAfterDeliveryChance?: number;
	/** Per round: chance no event is produced (idle polls). Default 0.1. */
	idleRoundChance?: number;
	/** Polls after production ends while faults still happen. Default 8. */
	faultyDrainPolls?: number;
	/** Upper bound on the final, fault-free drain. Default 1000 polls. */
	maxFinalPolls?: number;
	/** The final drain gives up when nothing new arrives for this long. Default 90 s (over a rate window). */
	stallMs?: number;
	/** A poll that returns nothing in less than this is followed by a pause to make it up. Default 250 ms. */
	idlePauseMs?: number;
	/** Progress lines (one per round and phase). */
	onProgress?: (line: string) => void;
}

export interface TypeFigures {
	produced: number;
	backlog: number;
	late: number;
	/** Distinct events delivered. */
	delivered: number;
	lost: number;
	/** Extra deliveries that a crash after delivery explains: the documented cost, bounded. */
	repeatedAfterCrash: number;
	/** Extra deliveries nothing explains: must be 0. */
	duplicated: number;
}

export interface LostEvent {
	uuid: string;
	type: EventType;
	/** Round that produced it (0 = backlog). */
	round: number;
	late: boolean;
}

export interface DuplicateEvent {
	uuid: string;
	type: EventType;
	/** Poll numbers (1-based, in driver order) whose executions carried it. */
	polls: number[];
	/** Those of them that crashed after delivery. */
	crashedPolls: number[];
}

export interface SoakReport {
	options: Required<Omit<SoakOptions, 'onProgress'>>;
	byType: Record<EventType, TypeFigures>;
	total: TypeFigures;
	/** Delivered events the run never produced. */
	unexpected: number;
	/**
	 * The emulator derives each record's uuid from a 32-bit seed, so among ~100k events two can
	 * share a uuid (an emulator artefact: real uuids are 130-bit). Across types this is harmless
	 * (events are counted per type, and the node de-duplicates per type); within a type the node
	 * may rightly drop the second as a duplicate, which is then not counted as lost.
	 */
	uuidCollisions: { sameType: number; crossType: number; absorbedByDedup: number };
	rounds: number;
	polls: {
		/** tick() calls + polls cut by a crash. */
		total: number;
		withEvents: number;
		/** Returned null (no execution), without throwing. */
		empty: number;
		/** Polls that threw (a failed execution in n8n). */
		failed: number;
		cutByCrash: number;
		/** Longest single poll, in ms. */
		longestMs: number;
	};
	restarts: number;
	crashes: number;
	/** n8n crashes after an execution delivered its items, before static data was saved. */
	crashesAfterDelivery: {
		total: number;
		/** Of them, those whose poll had returned events (the others repeat nothing). */
		withEvents: number;
		/** Events those executions delivered: the most the run may deliver again. */
		eventsDelivered: number;
	};
	warnings: number;
	failureMessages: Record<string, number>;
	stats: StatsSnapshot;
	peakPer60s: number;
	wallMs: number;
	lostSample: LostEvent[];
	duplicateSample: DuplicateEvent[];
	/** The driver's last actions, for replaying a failure. */
	journalTail: string[];
}

interface Produced {
	type: EventType;
	uuid: string;
	round: number;
	late: boolean;
	/** More than 1 when the emulator gave two events of this type the same uuid. */
	copies: number;
}

/** The trigger's `event_type` on raw items, back to the emulator's type names. */
const ITEM_TYPES: Record<string, EventType> = {
	itemUsage: 'itemusages',
	signInAttempt: 'signinattempts',
	auditEvent: 'auditevents',
};

const TYPE_LABELS: Record<EventType, string> = {
	itemusages: 'Item usages',
	signinattempts: 'Sign-in attempts',
	auditevents: 'Audit events',
};

function withDefaults(options: SoakOptions): Required<Omit<SoakOptions, 'onProgress'>> {
	const pollBudgetMs = options.pollBudgetMs ?? 4000;
	const backlogShare = options.backlogShare ?? 0.3;
	const liveEvents = options.events - Math.floor(options.events * backlogShare);
	const rounds = options.rounds ?? 200;
	return {
		events: options.events,
		seed: options.seed,
		faultRate: options.faultRate,
		backlogShare,
		rounds,
		roundEvents: options.roundEvents ?? Math.max(1, Math.round(liveEvents / rounds)),
		burstChance: options.burstChance ?? 0.05,
		lateShare: options.lateShare ?? 0.15,
		pageSize: options.pageSize ?? 1000,
		maxEventsPerPoll: options.maxEventsPerPoll ?? 10_000,
		pollBudgetMs,
		latencyMs: options.latencyMs ?? pollBudgetMs + 1500,
		retryAfterSeconds: options.retryAfterSeconds ?? 1,
		restartChance: options.restartChance ?? 0.1,
		crashChance: options.crashChance ?? 0.1,
		crashAfterDeliveryChance: options.crashAfterDeliveryChance ?? 0.05,
		idleRoundChance: options.idleRoundChance ?? 0.1,
		faultyDrainPolls: options.faultyDrainPolls ?? 8,
		maxFinalPolls: options.maxFinalPolls ?? 1000,
		stallMs: options.stallMs ?? 90_000,
		idlePauseMs: options.idlePauseMs ?? 250,
	};
}

function validate(options: Required<Omit<SoakOptions, 'onProgress'>>): void {
	if (!Number.isInteger(options.events) || options.events < 3)
		throw new Error('events must be a whole number of at least 3');
	if (!(options.faultRate >= 0 && options.faultRate <= 1))
		throw new Error('fault rate must be between 0 and 1');
	if (!(options.backlogShare >= 0 && options.backlogShare <= 1))
		throw new Error('backlog share must be between 0 and 1');
	if (!(options.roundEvents >= 1)) throw new Error('round events must be at least 1');
	const chances = options.restartChance + options.crashChance + options.crashAfterDeliveryChance;
	if (!(options.crashAfterDeliveryChance >= 0 && chances <= 1))
		throw new Error('restart and crash chances must be >= 0 and add up to at most 1');
}

/** Splits `count` over the three types with random weights (item usages usually the most). */
function splitOverTypes(random: Random, count: number): Record<EventType, number> {
	const weights = [0.5 + random.float(), 0.2 + random.float() * 0.6, 0.1 + random.float() * 0.4];
	const sum = weights.reduce((a, b) => a + b, 0);
	const split = {} as Record<EventType, number>;
	let left = count;
	EVENT_TYPES.forEach((type, index) => {
		const share =
			index === EVENT_TYPES.length - 1
				? left
				: Math.min(left, Math.round((count * weights[index]) / sum));
		split[type] = share;
		left -= share;
	});
	return split;
}

/** One of each fault kind (in a seeded order), plus a slow answer that does NOT time out. */
function coverageFaults(random: Random, latencyMs: number, retryAfterSeconds: number): FaultSpec[] {
	const specs: FaultSpec[] = SOAK_FAULT_KINDS.map((kind) =>
		kind === 'latency'
			? { kind, latencyMs }
			: kind === '429-retry-after'
				? { kind, retryAfterSeconds }
				: { kind },
	);
	specs.push({ kind: 'latency', latencyMs: 250 });
	for (let index = specs.length - 1; index > 0; index--) {
		const other = random.int(index + 1);
		[specs[index], specs[other]] = [specs[other], specs[index]];
	}
	return specs;
}

export async function runSoak(input: SoakOptions): Promise<SoakReport> {
	const options = withDefaults(input);
	validate(options);
	const progress = input.onProgress ?? (() => undefined);
	const random = new Random(hashString(`soak:${options.seed}`));
	const started = Date.now();

	const emu: Emulator = await startEmulator({ port: 0, seed: `soak:${options.seed}`, backlog: 0 });
	try {
		return await drive(emu, options, random, progress, started);
	} finally {
		await emu.stop();
	}
}

async function drive(
	emu: Emulator,
	options: Required<Omit<SoakOptions, 'onProgress'>>,
	random: Random,
	progress: (line: string) => void,
	started: number,
): Promise<SoakReport> {
	/** Keyed by `type:uuid`. */
	const produced = new Map<string, Produced>();
	const pending = new Set<string>();
	const typeOfUuid = new Map<string, EventType>();
	const uuidCollisions = { sameType: 0, crossType: 0, absorbedByDedup: 0 };
	let producedCount = 0;
	const byType = {} as Record<EventType, TypeFigures>;
	for (const type of EVENT_TYPES)
		byType[type] = {
			produced: 0,
			backlog: 0,
			late: 0,
			delivered: 0,
			lost: 0,
			repeatedAfterCrash: 0,
			duplicated: 0,
		};
	const journal: string[] = [];
	const note = (line: string) => {
		journal.push(line);
		if (journal.length > 400) journal.splice(0, journal.length - 200);
	};

	const inject = (type: EventType, count: number, late: boolean, round: number) => {
		if (count <= 0) return;
		for (const record of emu.inject(type, { count, late })) {
			const key = `${type}:${record.uuid}`;
			const earlier = produced.get(key);
			if (earlier) {
				// Not pending again: the node may rightly drop it as a duplicate (see uuidCollisions).
				earlier.copies++;
				uuidCollisions.sameType++;
				continue;
			}
			const otherType = typeOfUuid.get(record.uuid);
			if (otherType && otherType !== type) uuidCollisions.crossType++;
			typeOfUuid.set(record.uuid, type);
			produced.set(key, { type, uuid: record.uuid, round, late, copies: 1 });
			pending.add(key);
		}
		byType[type].produced += count;
		producedCount += count;
		if (round === 0) byType[type].backlog += count;
		if (late) byType[type].late += count;
	};
	const produceBatch = (count: number, round: number) => {
		const split = splitOverTypes(random, count);
		const late = Math.round(split.itemusages * options.lateShare * 2 * random.float());
		inject('itemusages', split.itemusages - late, false, round);
		inject('itemusages', late, true, round);
		inject('signinattempts', split.signinattempts, false, round);
		inject('auditevents', split.auditevents, false, round);
		return `${split.itemusages} iu (${late} late), ${split.signinattempts} sa, ${split.auditevents} ae`;
	};

	// Late item usages are up to a day old: a stream that starts two days back covers them, even
	// when the first position is only saved after a few restarts.
	const parameters: IDataObject = {
		eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'],
		startFrom: 'lookback',
		lookbackAmount: 2,
		lookbackUnit: 'days',
		output: 'raw',
		options: { pageSize: options.pageSize, maxEventsPerPoll: options.maxEventsPerPoll },
	};
	const flow = new SimulatedWorkflow(emu, parameters, emu.issueToken(), options.pollBudgetMs);

	const polls = { total: 0, withEvents: 0, empty: 0, failed: 0, cutByCrash: 0, longestMs: 0 };
	let restarts = 0;
	let crashes = 0;
	const crashesAfterDelivery = { total: 0, withEvents: 0, eventsDelivered: 0 };
	/** Poll numbers of the polls that crashed after delivery. */
	const crashedAfterDelivery = new Set<number>();
	let warnings = 0;
	const failureMessages: Record<string, number> = {};
	/** For each `type:uuid` delivered, the polls whose executions carried it. */
	const deliveredBy = new Map<string, number[]>();
	let deliveries = 0;

	const account = (pollNumber: number) => {
		for (const execution of flow.executions) {
			for (const item of execution) {
				deliveries++;
				const key = `${ITEM_TYPES[String(item.json.event_type)] ?? String(item.json.event_type)}:${String(item.json.uuid)}`;
				pending.delete(key);
				const pollsOfKey = deliveredBy.get(key);
				if (pollsOfKey) pollsOfKey.push(pollNumber);
				else deliveredBy.set(key, [pollNumber]);
			}
		}
		// Keep memory flat over 100k events: the harness keeps every execution otherwise.
		flow.executions.splice(0);
		flow.delivered.splice(0);
		warnings += flow.logs.filter((line) => line.level === 'warn').length;
		flow.logs.splice(0);
	};

	/** One cron tick as n8n runs it: a throw is a failed execution, and the workflow stays active. */
	const tick = async (label: string): Promise<boolean> => {
		const pollNumber = ++polls.total;
		const before = deliveries;
		const pollStarted = Date.now();
		let result: unknown = null;
		let failed = false;
		try {
			result = await flow.tick();
		} catch (error) {
			failed = true;
			polls.failed++;
			const message = String((error as Error).message ?? error).slice(0, 100);
			failureMessages[message] = (failureMessages[message] ?? 0) + 1;
			note(`poll ${pollNumber} (${label}): FAILED ${message}`);
		}
		polls.longestMs = Math.max(polls.longestMs, Date.now() - pollStarted);
		if (result) polls.withEvents++;
		else if (!failed) polls.empty++;
		account(pollNumber);
		if (result) note(`poll ${pollNumber} (${label}): ${deliveries - before} events`);
		// A poll that ended at once with nothing (the token's request budget is used up) is followed
		// by a short pause, as n8n's cron would space ticks, rather than by a busy loop.
		const tookMs = Date.now() - pollStarted;
		if (!result && tookMs < options.idlePauseMs) await pause(options.idlePauseMs - tookMs);
		return result !== null;
	};
	const crash = async (label: string) => {
		const pollNumber = ++polls.total;
		polls.cutByCrash++;
		crashes++;
		const pollStarted = Date.now();
		await flow.crashDuringPoll();
		polls.longestMs = Math.max(polls.longestMs, Date.now() - pollStarted);
		account(pollNumber);
		note(`poll ${pollNumber} (${label}): n8n crashed inside the poll, restarted`);
	};
	/** As tick(), but n8n dies once the execution has delivered, before static data is saved. */
	const crashAfterDelivery = async (label: string) => {
		const pollNumber = ++polls.total;
		const before = deliveries;
		crashesAfterDelivery.total++;
		crashedAfterDelivery.add(pollNumber);
		const pollStarted = Date.now();
		let result: unknown = null;
		try {
			result = await flow.crashAfterDelivery();
		} catch (error) {
			polls.failed++;
			const message = String((error as Error).message ?? error).slice(0, 100);
			failureMessages[message] = (failureMessages[message] ?? 0) + 1;
			note(`poll ${pollNumber} (${label}): FAILED ${message}`);
		}
		polls.longestMs = Math.max(polls.longestMs, Date.now() - pollStarted);
		account(pollNumber);
		if (result) {
			polls.withEvents++;
			crashesAfterDelivery.withEvents++;
			crashesAfterDelivery.eventsDelivered += deliveries - before;
		}
		note(
			`poll ${pollNumber} (${label}): ${deliveries - before} events delivered, then n8n crashed before saving static data, restarted`,
		);
	};
	const restart = (label: string) => {
		restarts++;
		flow.restart();
		note(`${label}: n8n restarted between polls`);
	};
	/** A poll, preceded by a restart or replaced by a crash (inside it, or after its delivery) as the dice say. */
	const pollWithChaos = async (label: string, forceCrashAfterDelivery = false) => {
		const draw = random.float();
		if (forceCrashAfterDelivery) return await crashAfterDelivery(label);
		if (draw < options.crashChance) return await crash(label);
		if (draw < options.crashChance + options.crashAfterDeliveryChance)
			return await crashAfterDelivery(label);
		if (draw < options.crashChance + options.crashAfterDeliveryChance + options.restartChance)
			restart(label);
		await tick(label);
	};

	// The backlog, then the workflow is activated with faults on from the start.
	const backlogCount = Math.floor(options.events * options.backlogShare);
	if (backlogCount > 0) note(`backlog: ${produceBatch(backlogCount, 0)}`);
	emu.setFaultProfile({
		probability: options.faultRate,
		kinds: SOAK_FAULT_KINDS,
		seed: hashString(`soak-faults:${options.seed}`),
		latencyMs: options.latencyMs,
		retryAfterSeconds: options.retryAfterSeconds,
	});
	const coverage = coverageFaults(random, options.latencyMs, options.retryAfterSeconds);
	await pollWithChaos('activation');

	// Production while the workflow runs: a round of events, then a poll.
	let left = options.events - backlogCount;
	let round = 0;
	while (left > 0) {
		round++;
		const spec = coverage.shift();
		if (spec) emu.enqueueFaults([spec]);
		let made = 'idle';
		if (!random.chance(options.idleRoundChance)) {
			const burst = random.chance(options.burstChance) ? 8 : 1;
			const size = Math.min(
				left,
				Math.max(1, Math.round(burst * options.roundEvents * (0.25 + 1.5 * random.float()))),
			);
			made = produceBatch(size, round);
			left -= size;
		}
		note(`round ${round}: ${made}${spec ? `; queued fault ${spec.kind}` : ''}`);
		// The dice may never land on a crash after delivery in a short run: force one from the
		// middle on (until one delivers events), so every run meets the one crash that repeats.
		// Never on the first poll after a restart: the trigger may only re-arm there, and a crash
		// after it would restart again, forever.
		const forceCrash =
			options.crashAfterDeliveryChance > 0 &&
			crashesAfterDelivery.withEvents === 0 &&
			round >= options.rounds / 2 &&
			flow.pollsSinceStart > 0;
		await pollWithChaos(`round ${round}`, forceCrash);
		progress(
			`round ${round}: produced ${producedCount}/${options.events}, delivered ${deliveredBy.size}, polls ${polls.total}, ${secondsSince(started)} s`,
		);
	}

	// Production is over; faults go on for a while (with at least one restart and one crash).
	if (coverage.length > 0) emu.enqueueFaults(coverage.splice(0));
	for (let index = 0; index < options.faultyDrainPolls; index++) {
		if (index === 1) restart('faulty drain');
		if (index === 3) await crash('faulty drain');
		else await pollWithChaos('faulty drain');
	}
	progress(
		`faulty drain: delivered ${deliveredBy.size}/${producedCount}, polls ${polls.total}, ${secondsSince(started)} s`,
	);

	// Faults off: drain until everything arrived (then a restart, a crash and a last poll must
	// add nothing), or until nothing new arrives for longer than the node's request-budget window
	// (polls back to back can use up the token's 500 a minute; the node then pauses, rightly).
	emu.clearFaults();
	let settle = 0;
	let lastPending = pending.size;
	let lastProgressAt = Date.now();
	for (let index = 0; index < options.maxFinalPolls; index++) {
		if (pending.size === 0) {
			settle++;
			if (settle === 1) restart('final drain');
			if (settle === 2) await crash('final drain');
			if (settle > 3) break;
		}
		await tick('final drain');
		if (pending.size < lastPending) {
			lastPending = pending.size;
			lastProgressAt = Date.now();
		} else if (pending.size > 0 && Date.now() - lastProgressAt > options.stallMs) {
			note(
				`final drain: nothing new for ${options.stallMs} ms, ${pending.size} events never arrived`,
			);
			break;
		}
	}
	progress(
		`final drain: delivered ${deliveredBy.size}/${producedCount}, polls ${polls.total}, ${secondsSince(started)} s`,
	);

	// The figures.
	let unexpected = 0;
	for (const key of deliveredBy.keys()) if (!produced.has(key)) unexpected++;
	const lostSample: LostEvent[] = [];
	const duplicateSample: DuplicateEvent[] = [];
	for (const [key, origin] of produced) {
		const figures = byType[origin.type];
		const pollNumbers = deliveredBy.get(key) ?? [];
		figures.delivered += Math.min(pollNumbers.length, origin.copies);
		if (pollNumbers.length === 0) {
			figures.lost += origin.copies;
			if (lostSample.length < 20)
				lostSample.push({
					uuid: origin.uuid,
					type: origin.type,
					round: origin.round,
					late: origin.late,
				});
		} else if (pollNumbers.length > origin.copies) {
			// Each poll that delivered this event and then crashed before saving explains one more
			// delivery of it (the restart reads it again); anything beyond that is a real duplicate.
			const crashedPolls = pollNumbers.filter((pollNumber) => crashedAfterDelivery.has(pollNumber));
			const extra = pollNumbers.length - origin.copies;
			const explained = Math.min(extra, crashedPolls.length);
			figures.repeatedAfterCrash += explained;
			figures.duplicated += extra - explained;
			if (extra > explained && duplicateSample.length < 20)
				duplicateSample.push({
					uuid: origin.uuid,
					type: origin.type,
					polls: pollNumbers,
					crashedPolls,
				});
		} else if (pollNumbers.length < origin.copies) {
			uuidCollisions.absorbedByDedup += origin.copies - pollNumbers.length;
		}
	}
	const total: TypeFigures = {
		produced: 0,
		backlog: 0,
		late: 0,
		delivered: 0,
		lost: 0,
		repeatedAfterCrash: 0,
		duplicated: 0,
	};
	for (const type of EVENT_TYPES) {
		for (const key of Object.keys(total) as Array<keyof TypeFigures>)
			total[key] += byType[type][key];
	}
	const stats = emu.stats();
	return {
		options,
		byType,
		total,
		unexpected,
		uuidCollisions,
		rounds: round,
		polls,
		restarts,
		crashes,
		crashesAfterDelivery,
		warnings,
		failureMessages,
		stats,
		peakPer60s: stats.peakRequestsPer60s.overall,
		wallMs: Date.now() - started,
		lostSample,
		duplicateSample,
		journalTail: journal.slice(-60),
	};
}

function pause(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function secondsSince(started: number): string {
	return ((Date.now() - started) / 1000).toFixed(1);
}

/**
 * Requests the client gave up on: the emulator records a request whose client went away as
 * "no-response"; apart from resets, only a `latency` fault outlasting the node's timeout does that.
 */
export function timedOut(report: SoakReport): number {
	return (
		(report.stats.requests.byStatus['no-response'] ?? 0) - (report.stats.faultsInjected.reset ?? 0)
	);
}

/** The targets the soak is held to; empty when all are met. */
export function missedTargets(report: SoakReport): string[] {
	const missed: string[] = [];
	if (report.total.lost > 0) missed.push(`${report.total.lost} events lost`);
	if (report.total.duplicated > 0)
		missed.push(
			`${report.total.duplicated} events delivered more than once without a crash after delivery to explain it`,
		);
	// Belt and braces over the per-event rule: the repeats never exceed what crashed executions delivered.
	if (report.total.repeatedAfterCrash > report.crashesAfterDelivery.eventsDelivered) {
		missed.push(
			`${report.total.repeatedAfterCrash} repeats after crashes, more than the ${report.crashesAfterDelivery.eventsDelivered} events those executions delivered`,
		);
	}
	if (report.unexpected > 0)
		missed.push(`${report.unexpected} delivered events were never produced`);
	if (report.peakPer60s > API_REQUESTS_PER_MINUTE)
		missed.push(
			`${report.peakPer60s} requests in one 60 s window (limit ${API_REQUESTS_PER_MINUTE})`,
		);
	// A soak that did not meet every fault kind, a restart and a crash did not test what it claims.
	const notMet = SOAK_FAULT_KINDS.filter((kind) => !(report.stats.faultsInjected[kind] ?? 0));
	if (notMet.length > 0) missed.push(`fault kinds never injected: ${notMet.join(', ')}`);
	if (timedOut(report) === 0) missed.push('no request timed out');
	if (report.restarts === 0 || report.crashes === 0) missed.push('no restart or no crash happened');
	if (report.options.crashAfterDeliveryChance > 0 && report.crashesAfterDelivery.withEvents === 0)
		missed.push('no crash after delivery met a poll with events');
	return missed;
}

const number = (value: number) => value.toLocaleString('en-US');

function statusCount(stats: StatsSnapshot, predicate: (status: string) => boolean): number {
	return Object.entries(stats.requests.byStatus)
		.filter(([status]) => predicate(status))
		.reduce((sum, [, count]) => sum + count, 0);
}

/** The report as Markdown, ready to paste into the README's reliability section. */
export function formatReport(report: SoakReport): string {
	const { options, stats } = report;
	const lines: string[] = [];
	const row = (...cells: Array<string | number>) =>
		lines.push(
			`| ${cells.map((cell) => (typeof cell === 'number' ? number(cell) : cell)).join(' | ')} |`,
		);
	lines.push(
		`Soak: ${number(options.events)} events, seed \`${options.seed}\`, fault rate ${options.faultRate}, page size ${number(options.pageSize)}, ` +
			`max ${number(options.maxEventsPerPoll)} events per poll, poll budget ${options.pollBudgetMs} ms; wall time ${(report.wallMs / 1000).toFixed(1)} s.`,
	);
	lines.push('');
	row(
		'Event type',
		'Produced',
		'of which backlog',
		'of which late',
		'Delivered',
		'Lost',
		'Repeated after a crash after delivery',
		'Duplicated otherwise',
	);
	lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
	for (const type of EVENT_TYPES) {
		const figures = report.byType[type];
		row(
			TYPE_LABELS[type],
			figures.produced,
			figures.backlog,
			figures.late,
			figures.delivered,
			figures.lost,
			figures.repeatedAfterCrash,
			figures.duplicated,
		);
	}
	const t = report.total;
	row(
		'**Total**',
		`**${number(t.produced)}**`,
		t.backlog,
		t.late,
		`**${number(t.delivered)}**`,
		`**${number(t.lost)}**`,
		t.repeatedAfterCrash,
		`**${number(t.duplicated)}**`,
	);
	lines.push('');
	row('Run', 'Value');
	lines.push('|---|---:|');
	row('Polls (ticks, plus polls cut off by a crash)', report.polls.total);
	row(
		'… that returned events / nothing / failed (thrown)',
		`${number(report.polls.withEvents)} / ${number(report.polls.empty)} / ${number(report.polls.failed)}`,
	);
	row('n8n restarts between polls', report.restarts);
	row('n8n crashes inside a poll', report.crashes);
	const afterDelivery = report.crashesAfterDelivery;
	row(
		'n8n crashes after an execution delivered, before static data was saved (with events)',
		`${number(afterDelivery.total)} (${number(afterDelivery.withEvents)})`,
	);
	row(
		'… events those executions had delivered (the most that may be repeated)',
		afterDelivery.eventsDelivered,
	);
	row('Longest poll', `${(report.polls.longestMs / 1000).toFixed(1)} s`);
	row('Requests to the Events API', stats.requests.total);
	row(
		'… answered 200',
		statusCount(stats, (status) => status === '200'),
	);
	row(
		'… answered 429 (injected / emulator rate limit)',
		`${number(stats.tooManyRequests.injected)} / ${number(stats.tooManyRequests.rateLimited)}`,
	);
	row(
		'… answered 5xx',
		statusCount(stats, (status) => status.startsWith('5')),
	);
	row(
		'… no answer: connection reset / client timed out',
		`${number(stats.faultsInjected.reset ?? 0)} / ${number(timedOut(report))}`,
	);
	row('Events served by the emulator (redeliveries included)', stats.eventsServed.total);
	row(`Most requests in any 60 s window (limit ${API_REQUESTS_PER_MINUTE})`, report.peakPer60s);
	row('Warnings logged by the node', report.warnings);
	const collisions = report.uuidCollisions;
	row(
		'Emulator uuid collisions: same type (absorbed by de-dup) / across types',
		`${number(collisions.sameType)} (${number(collisions.absorbedByDedup)}) / ${number(collisions.crossType)}`,
	);
	lines.push('');
	row('Fault injected', 'Count');
	lines.push('|---|---:|');
	let faults = 0;
	for (const kind of SOAK_FAULT_KINDS) {
		const count = stats.faultsInjected[kind as FaultKind] ?? 0;
		faults += count;
		row(faultLabel(kind, options), count);
	}
	row('**Total**', `**${number(faults)}**`);
	lines.push('');
	const missed = missedTargets(report);
	lines.push(
		missed.length === 0
			? `Targets met: 0 lost, 0 duplicated beyond the ${number(report.total.repeatedAfterCrash)} repeats that crashes after delivery explain ` +
					`(at most ${number(afterDelivery.eventsDelivered)}), at most ${API_REQUESTS_PER_MINUTE} requests a minute (peak ${report.peakPer60s}).`
			: `TARGETS MISSED: ${missed.join('; ')}.`,
	);
	return lines.join('\n');
}

function faultLabel(kind: FaultKind, options: SoakReport['options']): string {
	switch (kind) {
		case '429':
			return '`429` without Retry-After';
		case '429-retry-after':
			return `\`429\` with Retry-After: ${options.retryAfterSeconds}`;
		case 'latency':
			return `\`latency\` (${options.latencyMs} ms: times out; one of 250 ms does not)`;
		case 'reset':
			return '`reset` (connection reset)';
		case 'truncated-json':
			return '`truncated-json` (body cut off)';
		case 'empty-has-more':
			return '`empty-has-more` (empty page, has_more: true)';
		case 'redeliver':
			return '`redeliver` (page served again)';
		default:
			return `\`${kind}\``;
	}
}

/** Details for a failing run: what was lost or doubled, and the driver's last steps. */
export function formatFailureDetails(report: SoakReport): string {
	const lines: string[] = [];
	if (report.lostSample.length > 0) {
		lines.push('Lost (sample):');
		for (const lost of report.lostSample)
			lines.push(
				`  ${lost.type} ${lost.uuid} produced in ${lost.round === 0 ? 'the backlog' : `round ${lost.round}`}${lost.late ? ' (late)' : ''}`,
			);
	}
	if (report.duplicateSample.length > 0) {
		lines.push('Duplicated without a crash after delivery to explain it (sample):');
		for (const dup of report.duplicateSample) {
			const crashed =
				dup.crashedPolls.length > 0
					? ` (crashed after delivery: ${dup.crashedPolls.join(', ')})`
					: '';
			lines.push(`  ${dup.type} ${dup.uuid} delivered by polls ${dup.polls.join(', ')}${crashed}`);
		}
	}
	const failures = Object.entries(report.failureMessages);
	if (failures.length > 0) {
		lines.push('Failed polls:');
		for (const [message, count] of failures) lines.push(`  ${count} × ${message}`);
	}
	lines.push('Last driver steps:');
	for (const step of report.journalTail) lines.push(`  ${step}`);
	return lines.join('\n');
}
