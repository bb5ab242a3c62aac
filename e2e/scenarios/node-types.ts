/**
 * What the editor shows of the two nodes, read from the running n8n's node types API
 * (`/types/nodes.json`, the descriptions the editor loads):
 *  - the canvas subtitle, each node's `subtitle` expression evaluated by that n8n's own expression
 *    engine (e2e/n8n/expressions.ts) for a few parameter sets: display names, not internal values;
 *  - the node picker's description. The picker merges a trigger named `<action>Trigger` into the
 *    action node's entry and shows the TRIGGER's description for the merged entry, in the trigger
 *    list and in the action list alike (editor-ui `generateMergedNodesAndActions`, 1.x and 2.x:
 *    `app.description = trigger.description`). So the trigger's description must describe both
 *    nodes, and the action node keeps its own.
 */
import path from 'node:path';

import type { NodeTypeDescription } from '../n8n/client';
import { evaluateSubtitles, type SubtitleCase } from '../n8n/expressions';
import { PACKAGE_NAME } from '../n8n/package';
import { client, type SuiteContext } from '../context';

const TRIGGER = `${PACKAGE_NAME}.onePasswordEventsTrigger`;
const ACTION = `${PACKAGE_NAME}.onePasswordEvents`;

/** Parameter sets and the subtitle the canvas must show for each. */
const SUBTITLES: Array<{
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	expected: string;
}> = [
	{
		type: TRIGGER,
		typeVersion: 2,
		parameters: { eventTypes: ['itemUsages', 'auditEvents'] },
		expected: 'Item Usages, Audit Events',
	},
	{
		type: TRIGGER,
		typeVersion: 1,
		parameters: { eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'] },
		expected: 'Item Usages, Sign-In Attempts, Audit Events',
	},
	{
		type: TRIGGER,
		typeVersion: 2,
		parameters: { eventTypes: ['signInAttempts'] },
		expected: 'Sign-In Attempts',
	},
	{
		type: ACTION,
		typeVersion: 1,
		parameters: { resource: 'event', operation: 'getAll', eventType: 'signInAttempts' },
		expected: 'Get sign-in attempts',
	},
	{
		type: ACTION,
		typeVersion: 1,
		parameters: { resource: 'event', operation: 'getAll', eventType: 'itemUsages' },
		expected: 'Get item usages',
	},
	{
		type: ACTION,
		typeVersion: 1,
		parameters: { resource: 'token', operation: 'getInfo' },
		expected: 'Get token info',
	},
];

export async function checkNodeTypes(context: SuiteContext): Promise<void> {
	const { checks } = context;
	let types: NodeTypeDescription[] = [];
	await checks.step('node types API: n8n serves both node descriptions', async () => {
		types = await client(context).nodeTypes();
		const ours = types.filter((type) => type.name.startsWith(`${PACKAGE_NAME}.`));
		const detail = ours.map((type) => type.name).join(', ');
		if (![TRIGGER, ACTION].every((name) => types.some((type) => type.name === name)))
			throw new Error(detail || 'none of ours');
		return detail;
	});
	const byName = (name: string) => types.find((type) => type.name === name);
	const trigger = byName(TRIGGER);
	const action = byName(ACTION);
	if (!trigger || !action) return;

	await checks.step(
		"canvas subtitle: n8n's own expression engine gives display names, not internal values",
		async () => {
			const cases: SubtitleCase[] = SUBTITLES.map((entry) => ({
				nodeType: entry.type === TRIGGER ? trigger : action,
				typeVersion: entry.typeVersion,
				parameters: entry.parameters,
			}));
			const results = await evaluateSubtitles(
				context.runtime,
				cases,
				path.join(context.logsDir, 'subtitles'),
			);
			const lines = SUBTITLES.map((entry, index) => {
				const result = results[index];
				const got = 'value' in result ? result.value : `error: ${result.error}`;
				return { ok: got === entry.expected, text: `"${String(got)}"` };
			});
			const detail = lines.map((line) => line.text).join(', ');
			if (!lines.every((line) => line.ok))
				throw new Error(
					`expected ${SUBTITLES.map((e) => `"${e.expected}"`).join(', ')}; got ${detail}`,
				);
			return detail;
		},
	);

	await checks.step(
		"node picker: the merged entry shows the trigger's description, which describes both nodes; the action node keeps its own",
		async () => {
			// n8n's merge rule: a trigger whose name minus "Trigger" is a node with actions.
			const merged = trigger.name.replace('Trigger', '') === action.name;
			const detail = `merged: ${merged}; entry: "${trigger.description}"; action node: "${action.description}"`;
			const ok =
				merged &&
				/start a workflow/i.test(trigger.description) &&
				/query a time range/i.test(trigger.description) &&
				/^Query 1Password/.test(action.description) &&
				!/^Starts the workflow/.test(action.description);
			if (!ok) throw new Error(detail);
			return detail;
		},
	);
}
