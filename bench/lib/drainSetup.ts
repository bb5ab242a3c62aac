/**
 * What every drain in the benchmark shares, so that the node and both baselines do the same
 * work: the same event types, pages of 1000, the same chunk per "poll" (n8n hands each poll's
 * items to one execution and the poller drops them), the same start and the same tokens.
 */
import type { EventTypeKey } from '../../nodes/OnePasswordEvents/shared/eventTypes';

export const PAGE_SIZE = 1000;
/** The node's default Max Events per Poll; the baselines take the same number per chunk. */
export const EVENTS_PER_POLL = 10_000;
/** The rendered backlog spans 7 days (the emulator's); starting 8 days back covers all of it. */
export const LOOKBACK_DAYS = 8;

/**
 * The node's pacer allows 500 requests a minute per token, process-wide. A throughput drain of
 * 1,000,000 events needs 1001 requests in about 20 s, so every drain moves to a never-used token
 * before one token has sent this many. Pacing itself is measured on its own (pacerWindow.ts).
 */
export const REQUESTS_PER_TOKEN = 450;

/** What a measured drain needs from its server (pageServer.ts). */
export interface DrainServer {
	readonly url: string;
	/** A fresh token with every feature: each gets its own 500/min budget in the node's pacer. */
	issueToken(): Promise<string>;
	resetStats(): Promise<void>;
	/** API requests since the last reset; throws if any was answered with anything but 200. */
	apiRequests(): Promise<number>;
	/** User + system CPU seconds the server process has used so far. */
	cpuSeconds(): Promise<number>;
}

export interface DrainSetup {
	/** Base URL of the server. */
	url: string;
	eventTypes: EventTypeKey[];
	/** Never used before this drain; poll i uses tokens[floor(i / pollsPerToken)]. */
	tokens: string[];
	/** Unique per drain, so nothing process-wide (run guard, failure ledger) carries over. */
	workflowId: string;
	/** Called after each poll that returned items, while they are still held (memory pass only). */
	onPollHeld?: (poll: number) => void;
}

/** What a variant reports about one drain; timing and memory are measured around it. */
export interface DrainCounts {
	/** Polls (chunks) until the first one that returned nothing, that one included. */
	polls: number;
	/** Items emitted (after filters). */
	items: number;
	/** JSON size of the static data (node and thin trigger), after the drain. */
	staticDataBytes?: number;
	/** Runs one more poll after the drain; the benchmark counts the requests it sends. */
	idlePoll: () => Promise<void>;
}

export type DrainFn = (setup: DrainSetup) => Promise<DrainCounts>;

/** Most requests one poll can send: whole pages within the per-type share, plus the closing one. */
export function requestsPerPoll(typeCount: number): number {
	const share = Math.floor(EVENTS_PER_POLL / typeCount);
	return typeCount * (Math.floor(share / Math.min(PAGE_SIZE, share)) + 1);
}

export function pollsPerToken(typeCount: number): number {
	return Math.max(1, Math.floor(REQUESTS_PER_TOKEN / requestsPerPoll(typeCount)));
}

/** Tokens a drain of `events` per type needs (with room for the closing and idle polls). */
export function tokensNeeded(events: number, typeCount: number): number {
	const polls = Math.ceil((events * typeCount) / EVENTS_PER_POLL) + 3;
	return Math.ceil(polls / pollsPerToken(typeCount)) + 1;
}

export function tokenForPoll(setup: DrainSetup, poll: number): string {
	const token = setup.tokens[Math.floor(poll / pollsPerToken(setup.eventTypes.length))];
	if (token === undefined) throw new Error(`drain ran out of tokens at poll ${poll}`);
	return token;
}

export function startTime(now = Date.now()): string {
	return new Date(Math.floor((now - LOOKBACK_DAYS * 86_400_000) / 1000) * 1000)
		.toISOString()
		.replace('.000Z', 'Z');
}
