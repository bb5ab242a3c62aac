/**
 * The package is installed the way users get it and n8n loads it as a community package:
 * node types `n8n-nodes-1password-events.*`, both credential types offered (the Events API and the
 * optional 1Password Connect), no load errors.
 */
import fs from 'node:fs';
import path from 'node:path';

import { PACKAGE_NAME } from '../n8n/package';
import { client, type SuiteContext } from '../context';

export async function checkPackageLoads(context: SuiteContext): Promise<void> {
	const { checks } = context;
	const nodeTypes = await client(context).nodeTypeNames();
	const ours = nodeTypes.filter((name) => name.toLowerCase().includes('onepasswordevents'));
	checks.check(
		'package loads: the trigger is a community-package node type',
		nodeTypes.includes(`${PACKAGE_NAME}.onePasswordEventsTrigger`),
		`node types: ${ours.join(', ') || 'none'}`,
	);
	checks.check(
		'package loads: every node type of the package is prefixed by the package name (not CUSTOM.)',
		ours.length > 0 && ours.every((name) => name.startsWith(`${PACKAGE_NAME}.`)),
	);
	const credentialTypes = await client(context).credentialTypeNames();
	checks.check(
		'package loads: credential type onePasswordEventsApi is offered',
		credentialTypes.includes('onePasswordEventsApi'),
	);
	checks.check(
		'package loads: credential type onePasswordConnectApi (vault and item names) is offered',
		credentialTypes.includes('onePasswordConnectApi'),
	);
	// What n8n logs when a package or one of its node types cannot be loaded or resolved.
	const loadProblem =
		/failed to load|could not load|cannot find module|unrecognized node type|unknown node type|is not known/i;
	const log = fs.readFileSync(path.join(context.logsDir, 'n8n.log'), 'utf8');
	const problems = log.split('\n').filter((line) => loadProblem.test(line));
	checks.check(
		'package loads: n8n logged no load problem',
		problems.length === 0,
		problems.slice(0, 3).join(' | '),
	);
}
