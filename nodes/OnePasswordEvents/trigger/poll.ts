/**
 * One poll of the trigger: every selected event type read from its stored position, within one
 * time budget and one event cap, and the new positions committed in a single assignment at the
 * very end. Nothing is written before then, so a poll that throws leaves the stored positions as
 * they were (n8n rolls nothing back), and events count as taken only once the poll returns them.
 * The exceptions are the reports that must not repeat, written as they throw: a restart report
 * (see cursorRecovery.ts), which clears itself, and a token expiry report (see expiryWatch.ts).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { EventsApiError } from '../transport/errors';
import { restartReport } from '../shared/cursorRecovery';
import { EVENT_TYPE_KEYS, EVENT_TYPES } from '../shared/eventTypes';
import type { EventTypeKey } from '../shared/eventTypes';
import { clearFailures, shouldSurface } from './failurePolicy';
import { addNames } from '../shared/names';
import { drainEvents } from '../shared/streamReader';
import { commitPositions, readPositions } from '../shared/streamState';
import { rememberProgress, resumeProgress } from './progressCache';
import type { Positions } from '../shared/streamState';
import { pacerForToken } from '../transport/requestBudget';
import type { RequestPacer } from '../transport/requestBudget';
import { runExclusive } from './overlapGuard';
import { commitSilenceState, readSilenceState, watchSilence } from './silenceWatch';
import {
	commitExpiryState,
	lastExpiryReport,
	rememberExpiryReport,
	watchExpiry,
	withExpiredNote,
} from './expiryWatch';
import type { SilenceState } from './silenceWatch';
import { readTokenAccess } from '../transport/tokenAccess';
import type { TokenAccess } from '../transport/tokenAccess';
import { startTimeFor } from './settings';
import type { TriggerSettings } from './settings';
import {
	commitPendingBatch,
	describeSettlement,
	markForNewBatch,
	readPendingBatch,
	settlePendingBatch,
} from './deliveryCheck';
import type { PendingBatch } from './deliveryCheck';

/** Without a budget from the host, a poll stops starting requests after this long. */
const DEFAULT_POLL_BUDGET_MS = 30_000;
/** Never longer than this, whatever the host allows: ticks come every minute. */
const MAX_POLL_BUDGET_MS = 45_000;
/**
 * With names on, reading stops this much before the budget ends (at most a fifth of it), so
 * the Connect lookups that follow still end within the budget.
 */
const NAMES_RESERVE_MS = 5_000;

function silenceAlert(settings: TriggerSettings, state: SilenceState, hours: number): IDataObject {
	const types = settings.eventTypes.map((key) => EVENT_TYPES[key].displayName).join(', ');
	return {
		alert: 'silence',
		message: `No new 1Password events (${types}) for ${hours} hours`,
		eventTypes: settings.eventTypes,
		silentForHours: hours,
		lastEventArrivedAt: state.lastArrivalAt,
	};
}

export interface PollClock {
	now: () => number;
}

/** The host's poll budget where it has one (newer n8n), else the default; capped either way. */
export function pollBudgetMs(context: IPollFunctions): number {
	const withBudget = context as IPollFunctions & { getPollBudgetMs?: () => number };
	const hostBudget =
		typeof withBudget.getPollBudgetMs === 'function' ? Number(withBudget.getPollBudgetMs()) : NaN;
	const budget =
		Number.isFinite(hostBudget) && hostBudget > 0 ? hostBudget : DEFAULT_POLL_BUDGET_MS;
	return Math.min(budget, MAX_POLL_BUDGET_MS);
}

function pollKey(context: IPollFunctions): string {
	const node = context.getNode();
	return `${context.getWorkflow().id ?? ''}:${node.id ?? node.name}`;
}

/** An event type the token is not scoped for fails before any request, with the fix. */
function scopeFailure(
	context: IPollFunctions,
	key: EventTypeKey,
	access: TokenAccess,
): EventsApiError | undefined {
	const spec = EVENT_TYPES[key];
	if (!access.features || access.features.includes(spec.feature)) return undefined;
	return new EventsApiError(context.getNode(), {
		kind: 'forbidden',
		message: `The token may not read ${spec.displayName.toLowerCase()}`,
		description: `It was created for: ${access.features.join(', ')}. Either remove ${spec.displayName} from Event Types, or create a token in 1Password (Integrations > Events Reporting) that includes ${spec.displayName.toLowerCase()} and update the credential.`,
	});
}

interface TypeRun {
	key: EventTypeKey;
	/** New events read (filtered or not), duplicates excluded. */
	fresh: number;
	failure?: EventsApiError;
	/** The failure stopped the type before it took anything. */
	madeNoProgress: boolean;
}

async function readAllTypes(
	context: IPollFunctions,
	settings: TriggerSettings,
	stored: Positions,
	access: TokenAccess,
	pacer: RequestPacer,
	clock: PollClock,
	started: number,
	deadline: number,
): Promise<{ items: INodeExecutionData[]; positions: Positions; runs: TypeRun[] }> {
	const positions: Positions = {};
	const items: INodeExecutionData[] = [];
	const runs: TypeRun[] = [];
	const share = Math.max(1, Math.floor(settings.maxEventsPerPoll / settings.eventTypes.length));

	for (const [index, key] of settings.eventTypes.entries()) {
		let position = stored[key];
		if (!position) {
			let startTime: string;
			try {
				startTime = startTimeFor(settings.start, started);
			} catch (error) {
				// A SettingsError: only this type waits for a start it can use; the others go on.
				const failure = new EventsApiError(context.getNode(), {
					kind: 'setup',
					message: (error as Error).message,
					description: 'Change Start From, then save and publish the workflow again.',
				});
				runs.push({ key, fresh: 0, failure, madeNoProgress: true });
				continue;
			}
			position = { startTime };
			// "From now": the activation poll only marks where the stream starts.
			if (settings.start.mode === 'now') {
				positions[key] = position;
				continue;
			}
		}
		const scopeProblem = scopeFailure(context, key, access);
		if (scopeProblem) {
			positions[key] = position;
			runs.push({ key, fresh: 0, failure: scopeProblem, madeNoProgress: true });
			continue;
		}
		// Later types get an equal part of what is left of the time budget.
		const remainingTypes = settings.eventTypes.length - index;
		const typeDeadline = clock.now() + Math.max(0, deadline - clock.now()) / remainingTypes;
		let failure: unknown;
		try {
			const outcome = await drainEvents(context, {
				spec: EVENT_TYPES[key],
				position,
				pageSize: Math.min(settings.pageSize, share),
				maxEvents: share,
				deadline: typeDeadline,
				filter: settings.filters[key],
				output: settings.output,
				pacer,
				now: clock.now,
			});
			positions[key] = outcome.position;
			for (const item of outcome.items) items.push(item);
			const moved = outcome.position.cursor !== position.cursor;
			runs.push({
				key,
				fresh: outcome.received - outcome.duplicates,
				failure: outcome.stoppedBy,
				madeNoProgress: !!outcome.stoppedBy && !moved,
			});
		} catch (error) {
			failure = error;
		}
		if (failure !== undefined) {
			if (!(failure instanceof EventsApiError)) throw failure;
			positions[key] = position;
			runs.push({ key, fresh: 0, failure, madeNoProgress: true });
		}
	}
	return { items, positions, runs };
}

/** Workflow nodes that have polled in this process (n8n reuses one context, so it can't say). */
const polledInThisProcess = new Set<string>();
/** Restart reports already thrown in this process, so each is thrown once whatever n8n keeps. */
const reportedRestarts = new Set<string>();

/**
 * Throws the report of a restart after a refused cursor, once per restart, and takes it out of
 * the stored position as it does (n8n keeps static data written before a throw; where it does
 * not, the report is found again, recognised as reported, and dropped).
 */
function reportRestarts(
	context: IPollFunctions,
	key: string,
	stored: Positions,
	staticData: IDataObject,
): void {
	const due: EventsApiError[] = [];
	for (const type of EVENT_TYPE_KEYS) {
		const position = stored[type];
		if (!position?.restart) continue;
		const { restart } = position;
		delete position.restart;
		const reportKey = `${key}:${type}:${restart.from}:${restart.before}:${restart.after}`;
		if (reportedRestarts.has(reportKey)) continue;
		reportedRestarts.add(reportKey);
		due.push(restartReport(context.getNode(), EVENT_TYPES[type], restart));
	}
	commitPositions(staticData, stored);
	if (due.length === 0) return;
	if (due.length === 1) throw due[0];
	throw new EventsApiError(context.getNode(), {
		kind: 'cursorRefused',
		httpCode: '400',
		message: `1Password no longer accepted the saved positions of ${due.length} event types; delivery restarted`,
		description: due.map((report) => `${report.message}. ${report.description ?? ''}`).join(' '),
	});
}

/**
 * The positions from before a poll of the types it moved (null: the type had none yet, its
 * stream started in this poll): what reading the batch again needs, and no more.
 */
function movedBefore(before: Positions, after: Positions): IDataObject {
	const moved: IDataObject = {};
	for (const key of EVENT_TYPE_KEYS) {
		if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
		moved[key] = (before[key] ?? null) as IDataObject | null;
	}
	return moved;
}

/** Back to where a thrown-away batch started; types it did not move are where they were. */
function rewind(stored: Positions, before: IDataObject): Positions {
	const restored = readPositions({ positions: before });
	const positions: Positions = { ...stored };
	for (const key of EVENT_TYPE_KEYS) {
		if (!(key in before)) continue;
		if (restored[key]) positions[key] = restored[key];
		else delete positions[key];
	}
	return positions;
}

/**
 * A step of the poll under the failure policy, its failures counted under `failureKey`: a
 * failure either fails the poll or is logged and answers undefined (the poll then returns
 * nothing and stores nothing).
 */
async function underFailurePolicy<T>(
	context: IPollFunctions,
	failureKey: string,
	clock: PollClock,
	question: () => Promise<T>,
): Promise<T | undefined> {
	let answer: T;
	try {
		answer = await question();
	} catch (error) {
		if (error instanceof EventsApiError && !shouldSurface(failureKey, error.kind, clock.now())) {
			context.logger.warn(`1Password Events Trigger: ${error.message}`);
			return undefined;
		}
		throw error instanceof EventsApiError
			? error
			: new NodeOperationError(context.getNode(), error as Error);
	}
	clearFailures(failureKey);
	return answer;
}

/**
 * The trigger's poll. Returns the new events as one execution, or null when there are none.
 * Failures follow the ledger's policy (see failureLedger.ts): thrown, leaving every stored
 * position as it was, or logged while the rest of the poll's events are still delivered.
 */
export async function pollEventStreams(
	context: IPollFunctions,
	settings: TriggerSettings,
	clock: PollClock = { now: Date.now },
): Promise<INodeExecutionData[][] | null> {
	const key = pollKey(context);
	return await runExclusive(
		key,
		null,
		async () => {
			const staticData = context.getWorkflowStaticData('node') as IDataObject;
			resumeProgress(key, context, staticData);
			let stored = readPositions(staticData);
			// After an n8n (re)start, the activation poll of a workflow that already has positions
			// only activates it: no request, nothing that can fail or wait. The next tick reads, and
			// reports any problem under the failure policy, instead of n8n switching the workflow off.
			const firstHere = !polledInThisProcess.has(key);
			polledInThisProcess.add(key);
			if (firstHere && settings.eventTypes.every((type) => stored[type])) {
				context.logger.info(
					'1Password Events Trigger: active again; reading resumes from the saved positions at the next poll',
				);
				return null;
			}

			const access = await underFailurePolicy(context, `${key}:credential`, clock, () =>
				readTokenAccess(context),
			);
			if (access === undefined) return null;
			if (Object.values(stored).some((position) => position.restart))
				reportRestarts(context, key, stored, staticData);

			// Confirm Delivery: the last batch's execution decides whether to wait, read it again or
			// read on. Nothing is stored here: the same answer comes again until the end commits.
			const pending = settings.confirmDelivery ? readPendingBatch(staticData) : undefined;
			/** The next mark never goes below the last batch's (see markForNewBatch). */
			let markFloor: string | undefined;
			if (pending) {
				const settlement = await underFailurePolicy(context, `${key}:delivery`, clock, () =>
					settlePendingBatch(context, pending, clock.now(), settings.confirmDeliveryWaitMs),
				);
				if (settlement === undefined) return null;
				if (settlement.kind === 'waiting') {
					context.logger.info(
						`1Password Events Trigger: ${describeSettlement(settlement, pending)}`,
					);
					return null;
				}
				if (settlement.kind === 'delivered')
					context.logger.debug(
						`1Password Events Trigger: ${describeSettlement(settlement, pending)}`,
					);
				else
					context.logger.warn(
						`1Password Events Trigger: ${describeSettlement(settlement, pending)}`,
					);
				markFloor = settlement.id ?? pending.mark;
				if (settlement.kind === 'discarded' || settlement.kind === 'requeued')
					stored = rewind(stored, pending.before);
			}
			const before = JSON.parse(JSON.stringify(stored)) as Positions;

			// The coming expiry of the token. Never on this process's first poll of the workflow (its
			// activation poll: a failure there would block activation). In "fail" mode it is reported
			// before anything is read, so nothing of this poll can be lost: the next poll reads as usual.
			const previousExpiry = lastExpiryReport(key, staticData);
			let expiry = watchExpiry(previousExpiry, access.expiresAt, settings.expiry, clock.now());
			if (firstHere && expiry.warning) expiry = { state: previousExpiry };
			if (expiry.warning && expiry.state && settings.expiry.action === 'failPoll') {
				rememberExpiryReport(key, expiry.state);
				commitExpiryState(staticData, expiry.state);
				throw new NodeOperationError(context.getNode(), expiry.warning.message, {
					description:
						'Reported at most once a day until the credential has a token that expires later. This poll read no events; the next poll delivers them as usual.',
				});
			}

			const pacer = pacerForToken(access.token, access.processes);
			const started = clock.now();
			const budget = pollBudgetMs(context);
			const deadline = started + budget;
			const readingDeadline = settings.names
				? deadline - Math.min(NAMES_RESERVE_MS, budget / 5)
				: deadline;
			const { items, positions, runs } = await readAllTypes(
				context,
				settings,
				stored,
				access,
				pacer,
				clock,
				started,
				readingDeadline,
			);
			// Names are added to what was read, within the same budget; they never hold back an event.
			if (settings.names && items.length > 0)
				await addNames(context, items, { deadline, now: clock.now });

			for (const run of runs.filter((entry) => entry.failure?.kind === 'paused')) {
				context.logger.info(`1Password Events Trigger: ${(run.failure as EventsApiError).message}`);
			}
			// A pause for the node's own request budget is not a failure: it neither fails the poll nor
			// counts towards surfacing one.
			const failed = runs.filter(
				(run) => run.failure && run.madeNoProgress && run.failure.kind !== 'paused',
			);
			for (const run of failed) {
				const failure = withExpiredNote(
					run.failure as EventsApiError,
					access.expiresAt,
					clock.now(),
				);
				if (shouldSurface(`${key}:${run.key}`, failure.kind, clock.now())) throw failure;
				context.logger.warn(
					`1Password Events Trigger: ${failure.message}. ${failure.description ?? ''}`.trim(),
				);
			}
			for (const run of runs)
				if (!run.failure || !run.madeNoProgress) clearFailures(`${key}:${run.key}`);

			const arrived = runs.some((run) => run.fresh > 0);
			const silence = watchSilence(
				readSilenceState(staticData),
				arrived,
				settings.silence,
				clock.now(),
			);
			if (silence.silentForHours !== undefined) {
				const alert = silenceAlert(settings, silence.state, silence.silentForHours);
				if (settings.silence.action === 'failPoll') {
					if (shouldSurface(`${key}:silence`, 'silence', clock.now())) {
						throw new NodeOperationError(context.getNode(), alert.message as string, {
							description:
								"Check the token (Get Token Info), the 1Password account and this workflow's executions.",
						});
					}
					context.logger.warn(`1Password Events Trigger: ${alert.message as string}`);
					// Not marked as reported: in this mode the ledger decides when to fail again (hourly).
					silence.state.reportedAt = undefined;
				} else {
					items.push({ json: alert });
				}
			} else if (arrived) {
				clearFailures(`${key}:silence`);
			}
			// After the events (and any silence alert): it never delays or replaces them.
			if (expiry.warning && expiry.state) {
				items.push({ json: { ...expiry.warning } });
				rememberExpiryReport(key, expiry.state);
			}

			// The batch waits for its execution: mark where n8n's executions stand before it exists.
			let nextPending: PendingBatch | undefined;
			if (settings.confirmDelivery && items.length > 0) {
				const mark = await underFailurePolicy(context, `${key}:delivery`, clock, () =>
					markForNewBatch(context, markFloor),
				);
				if (mark === undefined) return null;
				context.logger.debug(
					`1Password Events Trigger: ${items.length} events handed to n8n; their execution follows execution ${mark} (Confirm Delivery)`,
				);
				nextPending = {
					mark,
					before: movedBefore(before, positions),
					emittedAt: new Date(clock.now()).toISOString(),
					items: items.length,
				};
			}

			// Everything read is final now: commit it all at once.
			commitPositions(staticData, positions);
			commitPendingBatch(staticData, nextPending);
			// The watch keeps state only while it is switched on.
			if (settings.silence.hours > 0) commitSilenceState(staticData, silence.state);
			commitExpiryState(staticData, expiry.state);
			rememberProgress(key, context, staticData);
			return items.length > 0 ? [items] : null;
		},
		() =>
			context.logger.debug(
				'1Password Events Trigger: the previous poll of this node still runs; this tick does nothing',
			),
	);
}
