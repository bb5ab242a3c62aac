/**
 * Keeps the progress of polls that emit nothing for as long as this n8n process runs, whatever
 * n8n's engine does with their static data. n8n saves static data only with an execution; its
 * default engine at least keeps it in memory between ticks, but the 2.41 poll scheduler without
 * durable cursors hands every poll the saved copy again. A filter that matches rarely would then
 * re-read the same events on every poll and, past the per-poll cap, never get beyond them.
 *
 * So each poll's resulting static data is remembered here, together with the state the poll was
 * given. A later poll that is given that same state again (its progress was dropped, not replaced
 * by anything newer) continues from the remembered result instead. Keyed by workflow node and by
 * its parameters: a changed filter starts from what n8n saved, as it would without this cache.
 * Lost with the process, like the default engine's memory: after a restart, streams continue from
 * the last execution's positions (see the README on what that costs).
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

interface Progress {
	parameters: string;
	/** The static data n8n gave the poll that produced `result`, as JSON. */
	given: string;
	result: string;
}

const progress = new Map<string, Progress>();
/** The state the running poll of each node was given by n8n (before any resume). */
const progressGiven = new Map<string, string>();

function parametersOf(context: IPollFunctions): string {
	return JSON.stringify(context.getNode().parameters);
}

function replaceContents(target: IDataObject, source: IDataObject): void {
	for (const name of Object.keys(target)) delete target[name];
	Object.assign(target, source);
}

/** Call first: brings back progress that n8n dropped since the last poll of this node. */
export function resumeProgress(
	key: string,
	context: IPollFunctions,
	staticData: IDataObject,
): void {
	const given = JSON.stringify(staticData);
	const entry = progress.get(key);
	if (
		entry &&
		entry.parameters === parametersOf(context) &&
		entry.given === given &&
		entry.result !== given
	) {
		replaceContents(staticData, JSON.parse(entry.result) as IDataObject);
	}
	progressGiven.set(key, given);
}

/** Call last, after the poll committed its state: remembers it for the next poll. */
export function rememberProgress(
	key: string,
	context: IPollFunctions,
	staticData: IDataObject,
): void {
	progress.set(key, {
		parameters: parametersOf(context),
		given: progressGiven.get(key) ?? JSON.stringify(staticData),
		result: JSON.stringify(staticData),
	});
}
