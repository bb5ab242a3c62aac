/**
 * The detection library (examples/detections) as files: what a team imports must be a workflow
 * n8n accepts, built from the package's nodes and n8n's built-in ones (no Code node), with filter
 * codes 1Password documents, a sticky note naming the rule it mirrors, an alert that fails loudly,
 * state that stays bounded, a scenario that proves it (e2e/detections) and a row in the tables.
 * Whether the detections fire is the e2e suite's job (npm run test:e2e -- --suite detections).
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import {
	AUDIT_ACTION_WORDS,
	AUDIT_OBJECT_TYPE_WORDS,
	ITEM_USAGE_ACTION_WORDS,
} from '../../nodes/OnePasswordEvents/shared/auditCatalogue';
import { buildFilters, type FilterSettings } from '../../nodes/OnePasswordEvents/shared/filters';

const root = join(__dirname, '../..');
const folder = join(root, 'examples/detections');

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	retryOnFail?: boolean;
	maxTries?: number;
}

interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	settings: Record<string, unknown>;
}

const files = readdirSync(folder).filter((name) => name.endsWith('.json'));
const workflows = files.map((file) => ({
	file,
	detection: file.replace(/\.json$/, ''),
	workflow: JSON.parse(readFileSync(join(folder, file), 'utf8')) as Workflow,
}));

const TRIGGER = 'n8n-nodes-1password-events.onePasswordEventsTrigger';
const ACTION = 'n8n-nodes-1password-events.onePasswordEvents';
/** Built-in nodes the library may use; a Code node is not among them. */
const BUILT_IN = new Set([
	'n8n-nodes-base.set',
	'n8n-nodes-base.filter',
	'n8n-nodes-base.summarize',
	'n8n-nodes-base.splitOut',
	'n8n-nodes-base.removeDuplicates',
	'n8n-nodes-base.httpRequest',
	'n8n-nodes-base.scheduleTrigger',
	'n8n-nodes-base.stickyNote',
]);

const byName = (workflow: Workflow, name: string) => {
	const node = workflow.nodes.find((entry) => entry.name === name);
	if (!node) throw new Error(`${workflow.name} has no node "${name}"`);
	return node;
};

/** Names of the nodes reachable from `start` along the connections. */
function reachable(workflow: Workflow, start: string): Set<string> {
	const seen = new Set<string>([start]);
	const queue = [start];
	while (queue.length > 0) {
		const name = queue.shift() as string;
		for (const output of workflow.connections[name]?.main ?? [])
			for (const link of output)
				if (!seen.has(link.node)) {
					seen.add(link.node);
					queue.push(link.node);
				}
	}
	return seen;
}

describe('the detection library', () => {
	it('has at least the 14 detections the library promises', () => {
		expect(files.length).toBeGreaterThanOrEqual(14);
	});

	it.each(workflows)(
		'$file: a workflow n8n can import (ids, unique names, links that exist)',
		({ workflow }) => {
			expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
			const names = workflow.nodes.map((node) => node.name);
			expect(new Set(names).size).toBe(names.length);
			const ids = workflow.nodes.map((node) => node.id);
			expect(new Set(ids).size).toBe(ids.length);
			for (const [from, { main }] of Object.entries(workflow.connections)) {
				expect(names).toContain(from);
				for (const link of main.flat()) expect(names).toContain(link.node);
			}
			expect(workflow.settings.executionOrder).toBe('v1');
		},
	);

	it.each(workflows)(
		"$file: only the package's nodes and n8n's built-in ones, no Code node",
		({ workflow }) => {
			const foreign = workflow.nodes
				.map((node) => node.type)
				.filter((type) => type !== TRIGGER && type !== ACTION && !BUILT_IN.has(type));
			expect(foreign).toEqual([]);
		},
	);

	it.each(workflows)(
		'$file: the trigger leads to Send alert, and its filters are valid, documented codes',
		({ workflow }) => {
			const trigger = byName(workflow, '1Password Events Trigger');
			expect(trigger.type).toBe(TRIGGER);
			expect(reachable(workflow, trigger.name).has('Send alert')).toBe(true);
			const filters = (trigger.parameters.filters ?? {}) as FilterSettings &
				Record<string, unknown>;
			expect(() => buildFilters(filters)).not.toThrow();
			const undocumented = [
				...((filters.auditActionList as string[]) ?? []).filter(
					(code) => !(code in AUDIT_ACTION_WORDS),
				),
				...((filters.auditObjectTypeList as string[]) ?? []).filter(
					(code) => !(code in AUDIT_OBJECT_TYPE_WORDS),
				),
				...((filters.itemUsageActions as string[]) ?? []).filter(
					(code) => !(code in ITEM_USAGE_ACTION_WORDS),
				),
			];
			expect(undocumented).toEqual([]);
		},
	);

	it.each(workflows)(
		'$file: Send alert posts to a placeholder, retries, and fails loudly',
		({ workflow }) => {
			const send = byName(workflow, 'Send alert');
			expect(send.parameters.url).toBe(
				'http://127.0.0.1:9/replace-with-your-slack-incoming-webhook',
			);
			expect(send.retryOnFail).toBe(true);
			expect(send.maxTries).toBeGreaterThanOrEqual(2);
			// A lost alert must show as a failed execution, not pass as a success.
			expect(send.onError).toBeUndefined();
			const alert = byName(workflow, 'Build alert');
			const fields = (
				alert.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
			).assignments;
			expect(fields.map((field) => field.name).sort()).toEqual(
				['detection', 'details', 'events', 'firstResponse', 'severity', 'subject', 'title'].sort(),
			);
			expect(fields.find((field) => field.name === 'detection')?.value).toBe(
				workflows.find((entry) => entry.workflow === workflow)?.detection,
			);
		},
	);

	it.each(workflows)(
		'$file: a Read me note that names the rule it mirrors and what to change',
		({ workflow }) => {
			const note = byName(workflow, 'Read me');
			const content = String(note.parameters.content);
			expect(content).toMatch(/Mirrors /);
			expect(content).toMatch(/\*\*To use:\*\*/);
			expect(content).toMatch(/Send alert/);
		},
	);

	it.each(workflows)(
		'$file: state kept across executions is bounded and emptied every quarter',
		({ workflow }) => {
			const remembering = workflow.nodes.filter(
				(node) =>
					node.type === 'n8n-nodes-base.removeDuplicates' &&
					node.parameters.operation === 'removeItemsSeenInPreviousExecutions',
			);
			for (const node of remembering) {
				const options = node.parameters.options as { scope?: string; historySize?: number };
				expect(options.scope).toBe('workflow');
				expect(options.historySize).toBeGreaterThan(0);
			}
			if (remembering.length === 0) return;
			const reset = workflow.nodes.find(
				(node) =>
					node.type === 'n8n-nodes-base.removeDuplicates' &&
					node.parameters.operation === 'clearDeduplicationHistory',
			);
			expect(reset?.parameters.options).toEqual({ scope: 'workflow' });
			const schedule = workflow.nodes.find(
				(node) => node.type === 'n8n-nodes-base.scheduleTrigger',
			);
			expect(schedule && reachable(workflow, schedule.name).has(reset?.name ?? '')).toBe(true);
		},
	);

	it.each(workflows)('$file: proven by a scenario and listed in both tables', ({ detection }) => {
		expect(existsSync(join(root, 'e2e/detections', `${detection}.ts`))).toBe(true);
		const scenarios = readFileSync(join(root, 'e2e/detections/index.ts'), 'utf8');
		expect(scenarios).toContain(`./${detection}'`);
		const libraryReadme = readFileSync(join(folder, 'README.md'), 'utf8');
		expect(libraryReadme).toContain(`${detection}.json`);
		expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(detection);
	});
});
