/**
 * Evaluates node subtitles the way the n8n editor does (`getNodeSubtitle`:
 * `workflow.expression.getSimpleParameterValue(node, nodeType.subtitle, 'internal', {})`), with
 * the expression engine of the installed n8n itself (its own n8n-workflow, on its Node.js 24),
 * not this repository's copy: what the canvas of that n8n shows under the node.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import type { NodeTypeDescription } from './client';
import { cleanChildEnv } from './exec';
import type { N8nRuntime } from './runtime';

export interface SubtitleCase {
	/** The node type description as n8n's node types API serves it. */
	nodeType: NodeTypeDescription;
	typeVersion: number;
	parameters: Record<string, unknown>;
}

export type SubtitleResult = { value: unknown } | { error: string };

// Plain CommonJS for the n8n's own Node.js: a one-node workflow whose node type is the served
// description (n8n fills `$parameter` from its properties), then the editor's evaluation call.
const EVALUATOR = `
const fs = require('node:fs');
const { Workflow } = require(process.argv[2]);
const cases = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const results = cases.map(({ nodeType, typeVersion, parameters }) => {
	const node = { id: 'subtitle', name: 'Subtitle', type: nodeType.name, typeVersion, position: [0, 0], parameters };
	const nodeTypes = {
		getByName: () => ({ description: nodeType }),
		getByNameAndVersion: () => ({ description: nodeType }),
		getKnownTypes: () => ({}),
	};
	try {
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		return { value: workflow.expression.getSimpleParameterValue(node, nodeType.subtitle, 'internal', {}) };
	} catch (error) {
		return { error: String(error && error.message) };
	}
});
fs.writeFileSync(process.argv[4], JSON.stringify(results));
`;

export async function evaluateSubtitles(
	runtime: N8nRuntime,
	cases: SubtitleCase[],
	workDir: string,
): Promise<SubtitleResult[]> {
	fs.mkdirSync(workDir, { recursive: true });
	const script = path.join(workDir, 'subtitle-evaluator.cjs');
	const input = path.join(workDir, 'subtitle-cases.json');
	const output = path.join(workDir, 'subtitle-results.json');
	fs.writeFileSync(script, EVALUATOR);
	fs.writeFileSync(input, JSON.stringify(cases));
	const workflowPackage = path.join(runtime.installDir, 'node_modules', 'n8n-workflow');
	await promisify(execFile)(runtime.node.binary, [script, workflowPackage, input, output], {
		cwd: workDir,
		env: cleanChildEnv(),
		timeout: 60_000,
	});
	return JSON.parse(fs.readFileSync(output, 'utf8')) as SubtitleResult[];
}
