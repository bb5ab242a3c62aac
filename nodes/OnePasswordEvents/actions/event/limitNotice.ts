/**
 * Telling a person, and an AI agent, that a Limit left out matching events: an execution hint in
 * a workflow, and one more item when the node runs as an agent's tool.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { EventTypeSpec } from '../../shared/eventTypes';
import type { GetManySettings } from './getAll.settings';
import type { ReadResult } from './rangeReaders';

/**
 * Whether the node runs as an AI agent's tool. n8n runs a tool either through a context whose
 * isToolExecution() says so (a supply-data context on the ai_tool connection), or, in n8n 2's
 * agents, as an ordinary execution of the tool variant of the node, whose type n8n names
 * `<package>.<node>Tool` (n8n-workflow's own isToolType reads it the same way). Hosts without
 * isToolExecution() are read by the type alone.
 */
export function runsAsTool(context: IExecuteFunctions): boolean {
	if (typeof context.isToolExecution === 'function' && context.isToolExecution()) return true;
	const type = context.getNode().type;
	return typeof type === 'string' && /Tool$/.test(type.split('.').pop() ?? '');
}

function limitMessage(spec: EventTypeSpec, settings: GetManySettings, result: ReadResult): string {
	const count = result.items.length;
	const noun = `${spec.noun}${count === 1 ? '' : 's'}`;
	const advice =
		'Raise Limit, narrow the range or the filters, or set Output to Summary (Counts) to count them all.';
	if (settings.order === 'newest') {
		return `Showing the newest ${count} of ${result.cut?.matched} matching ${spec.noun}s between ${settings.startTime} and ${settings.endTime}. ${advice}`;
	}
	const more =
		result.cut?.more === 'yes'
			? 'more match'
			: 'more may match (reading stopped before the end of the range)';
	return `Showing the first ${count} ${noun} from ${settings.startTime}; ${more}. ${advice}`;
}

/**
 * Says that a Limit left out matching events, to a person and to an AI agent.
 *
 * Items are data that flows on into other nodes: a saved workflow with Limit 50 expects at most
 * 50 items, all events. So in a workflow the items stay exactly as they were and the node adds an
 * execution hint, which n8n shows above the output (where people look, and where n8n puts its own
 * notes about a run). An agent sees none of that, only the items' JSON, and a model that is not
 * told would read a cut list as the whole answer ("Alice revealed 3 items"). So when the node runs
 * as a tool, one last item says so: { notice: 'limitReached', message, returned } (and `matched`
 * when Newest First counted them all). No field is added to the event items in either case.
 */
export function reportLimit(
	context: IExecuteFunctions,
	spec: EventTypeSpec,
	settings: GetManySettings,
	result: ReadResult,
): void {
	if (!result.cut) return;
	const message = limitMessage(spec, settings, result);
	// Feature-tested: hosts older than execution hints have no such function.
	if (typeof context.addExecutionHints === 'function')
		context.addExecutionHints({ message, type: 'info', location: 'outputPane' });
	if (!runsAsTool(context)) return;
	const notice: IDataObject = { notice: 'limitReached', message, returned: result.items.length };
	if (result.cut.matched !== undefined) notice.matched = result.cut.matched;
	result.items.push({ json: notice });
}
