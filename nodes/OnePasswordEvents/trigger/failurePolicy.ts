/**
 * Decides when a failing poll is surfaced as a failed execution (which also runs the workflow's
 * Error Workflow) and when it is only logged, so a long outage or a revoked token does not
 * flood either one poll per minute:
 * - a lasting problem (token rejected, wrong URL, bad settings) fails the first poll that meets it;
 * - a passing one (rate limit, 5xx, network) fails once it has lasted 3 polls in a row;
 * - while the same problem lasts, it fails again at most once an hour; polls in between log a
 *   warning and emit nothing. A poll that succeeds clears the slate.
 * Kept in process memory per workflow node: a restart starts with a clean slate.
 */
import { isTransient } from '../transport/errors';
import type { FailureKind } from '../transport/errors';
import { HOUR_MS } from '../shared/time';

export const FAILING_POLLS_BEFORE_SURFACING = 3;
export const RESURFACE_AFTER_MS = HOUR_MS;

interface Entry {
	failingPolls: number;
	lastSurfacedAt?: number;
}

const entries = new Map<string, Entry>();

/** Records a failing poll and says whether to surface it now. */
export function shouldSurface(key: string, kind: FailureKind, now: number): boolean {
	const entry = entries.get(key) ?? { failingPolls: 0 };
	entry.failingPolls++;
	entries.set(key, entry);
	const due = isTransient(kind) ? entry.failingPolls >= FAILING_POLLS_BEFORE_SURFACING : true;
	if (!due) return false;
	if (entry.lastSurfacedAt !== undefined && now - entry.lastSurfacedAt < RESURFACE_AFTER_MS)
		return false;
	entry.lastSurfacedAt = now;
	return true;
}

/** A poll went through: forget past failures. */
export function clearFailures(key: string): void {
	entries.delete(key);
}
