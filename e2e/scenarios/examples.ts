/**
 * The workflows shipped in examples/ import and activate headlessly (the path `npm start` takes),
 * and then run: the demo turns every event into a readable line, exactly once (read back from
 * n8n's own execution data), and the filtering examples only ever pass matching events.
 */
import { nodeOutput, type ExecutionSummary } from '../n8n/client';
import { DEMO_WORKFLOW_ID, type ExampleWorkflow } from '../n8n/seed';
import { client, type SuiteContext } from '../context';
import { TRIGGER_NAME } from '../workflows';

export async function checkExamplesActive(
	context: SuiteContext,
	examples: ExampleWorkflow[],
): Promise<void> {
	context.checks.check(
		'examples: there are example workflows to check',
		examples.length >= 2,
		examples.map((example) => example.id).join(', '),
	);
	for (const example of examples) {
		const workflow = await client(context).getWorkflow(example.id);
		context.checks.check(
			`examples: "${example.name}" imported and active`,
			workflow.active === true,
		);
	}
}

/** What each example must show in every item its last node output. */
const EXPECTATIONS: Record<string, (item: Record<string, unknown>) => boolean> = {
	op1pDemoAllEvent: (item) =>
		typeof item.line === 'string' && item.line.includes(String(item.eventType)),
	op1pFailedSignIn: (item) =>
		item.eventType === 'signInAttempt' &&
		item.success === false &&
		typeof item.alert === 'string' &&
		item.alert.startsWith('Failed 1Password sign-in'),
	op1pVaultToSlack: (item) =>
		typeof item.text === 'string' &&
		/used \*(reveal|export)\* on item .* in the watched vault/.test(item.text),
	op1pItemExports0: (item) =>
		item.eventType === 'itemUsage' &&
		['export', 'reveal', 'secure-copy'].includes(String(item.action)) &&
		typeof item.alert === 'string',
};

function lastNodeName(example: ExampleWorkflow): string {
	const last = example.json.nodes.find((node) => node.name !== TRIGGER_NAME);
	if (!last) throw new Error(`${example.id} has no node after the trigger`);
	return last.name;
}

/**
 * The demo starts one hour back from its activation, at n8n's first start (between spawn and
 * ready): events stamped before that are outside its window (late item usages can be a day old),
 * and the few stamped within that start-up span may go either way.
 */
export interface DemoWindow {
	activatedFrom: number;
	activatedBy: number;
}

const DEMO_LOOKBACK_MS = 60 * 60 * 1000;

export async function checkExampleExecutions(
	context: SuiteContext,
	examples: ExampleWorkflow[],
	demoWindow: DemoWindow,
): Promise<void> {
	for (const example of examples) {
		const executions: ExecutionSummary[] = await client(context).executions(example.id, true);
		const succeeded = executions.filter((execution) => execution.status === 'success');
		const items = succeeded.flatMap((execution) => nodeOutput(execution, lastNodeName(example)));
		const expectation = EXPECTATIONS[example.id];
		const bad = expectation ? items.filter((item) => !expectation(item)) : [];
		context.checks.check(
			`examples: "${example.name}" ran and its output is what it promises`,
			succeeded.length > 0 &&
				items.length > 0 &&
				bad.length === 0 &&
				succeeded.length === executions.length,
			`${executions.length} executions (${succeeded.length} successful), ${items.length} items${bad.length ? `, ${bad.length} unexpected, e.g. ${JSON.stringify(bad[0]).slice(0, 200)}` : ''}`,
		);
		if (example.id === DEMO_WORKFLOW_ID) {
			const uuids = succeeded.flatMap((execution) =>
				nodeOutput(execution, TRIGGER_NAME).map((item) => String(item.uuid)),
			);
			const earliest = demoWindow.activatedFrom - DEMO_LOOKBACK_MS - 2_000;
			const latest = demoWindow.activatedBy - DEMO_LOOKBACK_MS + 2_000;
			const expected = new Set<string>();
			const either = new Set<string>();
			for (const event of context.source.produced) {
				const stamped = Date.parse(String(event.record.timestamp));
				if (stamped > latest) expected.add(event.uuid);
				else if (stamped >= earliest) either.add(event.uuid);
			}
			context.checks.tally(
				'demo example (from n8n execution data)',
				expected,
				uuids,
				succeeded.length,
				either,
			);
		}
	}
}
