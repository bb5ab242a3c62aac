/**
 * The node descriptions as n8n and saved workflows see them: parameter names are a contract,
 * the trigger polls (and leaves Poll Times to n8n), the action node is usable by AI agents.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { OnePasswordEvents } from '../nodes/OnePasswordEvents/OnePasswordEvents.node';
import { OnePasswordEventsTrigger } from '../nodes/OnePasswordEvents/OnePasswordEventsTrigger.node';

const trigger = new OnePasswordEventsTrigger().description;
const action = new OnePasswordEvents().description;
const names = (properties: INodeProperties[]) => properties.map((property) => property.name);
const nodeDir = join(__dirname, '../nodes/OnePasswordEvents');

function iconFiles(description: INodeTypeDescription): string[] {
	const icon = description.icon as { light: string; dark: string };
	return [icon.light, icon.dark].map((file) => join(nodeDir, file.replace('file:', '')));
}

describe('1Password Events Trigger description', () => {
	it('keeps the parameter names saved workflows depend on', () => {
		expect(trigger.name).toBe('onePasswordEventsTrigger');
		expect(names(trigger.properties)).toEqual([
			'eventTypes',
			'startFrom',
			'lookbackAmount',
			'lookbackUnit',
			'startDate',
			// Once per version: Raw by default in 1, Simplified in 2.
			'output',
			'output',
			'addNames',
			'filters',
			'confirmDelivery',
			'confirmDeliveryWaitMinutes',
			'options',
		]);
		const options = trigger.properties.find((property) => property.name === 'options')
			?.options as INodeProperties[];
		expect(names(options).sort()).toEqual([
			'maxEventsPerPoll',
			'onSilence',
			'onTokenExpiry',
			'pageSize',
			'silenceHours',
			'tokenExpiryWarnDays',
		]);
	});

	it('promises no more than holds: no "exactly once", no "never fetched again", and says where the guarantee is', () => {
		const texts = JSON.stringify([
			trigger.description,
			trigger.properties,
			action.description,
			action.properties,
		]);
		expect(texts).not.toMatch(/exactly once|never fetched again|not fetched again/i);
		expect(trigger.description).toMatch(/see the README for the exact guarantee/);
		const filters = trigger.properties.find((property) => property.name === 'filters');
		expect(filters?.description).toMatch(
			/after an n8n restart the events read since the last match are read once more/,
		);
	});

	it('is a polling trigger that leaves Poll Times to n8n and is not an AI tool', () => {
		expect(trigger.polling).toBe(true);
		expect(names(trigger.properties)).not.toContain('pollTimes');
		expect(trigger.usableAsTool).toBeUndefined();
		expect(trigger.inputs).toEqual([]);
		expect(trigger.credentials).toEqual([
			{ name: 'onePasswordEventsApi', required: true },
			// Connect only when names are asked for: it is optional for everyone else.
			{
				name: 'onePasswordConnectApi',
				required: true,
				displayOptions: { show: { addNames: [true] } },
			},
			// This n8n's own API, only for Confirm Delivery.
			{
				name: 'onePasswordN8nApi',
				required: true,
				displayOptions: { show: { confirmDelivery: [true] } },
			},
		]);
	});

	it('defaults to item usages, from now; raw output in version 1, simplified in 2', () => {
		const byName = Object.fromEntries(
			trigger.properties.map((property) => [property.name, property.default]),
		);
		expect(byName).toMatchObject({ eventTypes: ['itemUsages'], startFrom: 'now' });
		const outputs = trigger.properties
			.filter((property) => property.name === 'output')
			.map((property) => [property.displayOptions?.show?.['@version'], property.default]);
		expect(outputs).toEqual([
			[[1], 'raw'],
			[[2], 'simplified'],
		]);
	});
});

describe('1Password Events (action) description', () => {
	it('is usable as an AI tool, with an action text for each operation', () => {
		expect(action.name).toBe('onePasswordEvents');
		expect(action.usableAsTool).toBe(true);
		const operations = action.properties.filter((property) => property.name === 'operation');
		const actions = operations.flatMap((property) =>
			(property.options ?? []).map((option) => ('action' in option ? option.action : '')),
		);
		expect(actions).toEqual(['Get many events', 'Get token info']);
	});

	it('offers the Get Many parameters', () => {
		expect(names(action.properties)).toEqual(
			expect.arrayContaining([
				'resource',
				'operation',
				'eventType',
				'startTime',
				'endTime',
				'returnAll',
				'limit',
				'output',
				'addNames',
				'filters',
			]),
		);
	});

	it('asks for Connect only when names are on, and shows the switch only with simplified output', () => {
		expect(action.credentials).toEqual([
			{ name: 'onePasswordEventsApi', required: true },
			{
				name: 'onePasswordConnectApi',
				required: true,
				displayOptions: { show: { addNames: [true] } },
			},
		]);
		const addNames = action.properties.find((property) => property.name === 'addNames');
		expect(addNames?.type).toBe('boolean');
		expect(addNames?.default).toBe(false);
		expect(addNames?.displayOptions?.show).toEqual({
			resource: ['event'],
			operation: ['getAll'],
			output: ['simplified'],
		});
	});
});

describe('filters on both nodes', () => {
	// Saved workflows hold these names; auditActions and auditObjectTypes predate the option lists.
	it.each([
		['trigger', trigger],
		['action', action],
	])('the %s node keeps the filter names saved workflows depend on', (_name, description) => {
		const filters = description.properties.find((property) => property.name === 'filters');
		expect(names(filters?.options as INodeProperties[]).sort()).toEqual([
			'auditActionList',
			'auditActions',
			'auditObjectTypeList',
			'auditObjectTypes',
			'itemUsageActions',
			'signInCategories',
			'signInResult',
			'signInTypes',
			'userEmails',
			'userEmailsMatch',
			'vaultUuids',
		]);
	});
});

describe('icons', () => {
	it.each([
		['trigger', trigger],
		['action', action],
	])('the %s node has light and dark icons on disk', (_name, description) => {
		for (const file of iconFiles(description)) expect(existsSync(file)).toBe(true);
	});
});

describe("n8n's node picker", () => {
	// The editor merges a trigger named `<action>Trigger` into the action node's entry and shows the
	// trigger's description for the merged entry, in the trigger list and the action list alike
	// (editor-ui, generateMergedNodesAndActions: `app.description = trigger.description`).
	it("merges the two nodes into one entry whose description (the trigger's) fits both", () => {
		expect(trigger.name.replace('Trigger', '')).toBe(action.name);
		expect(trigger.description).toMatch(/start a workflow/i);
		expect(trigger.description).toMatch(/query a time range/i);
		expect(action.description).toMatch(/^Query 1Password/);
	});
});
