/**
 * Version 2 of the trigger defaults to Simplified output; saved version-1 nodes keep Raw. The
 * canvas subtitles show display names. Checked through a real n8n Workflow, which fills missing
 * parameters from the node's description (with its @version conditions) as n8n does on load,
 * and evaluates the subtitle expressions as the editor does.
 */
import type { IDataObject } from 'n8n-workflow';

import { OnePasswordEvents } from '../../nodes/OnePasswordEvents/OnePasswordEvents.node';
import { OnePasswordEventsTrigger } from '../../nodes/OnePasswordEvents/OnePasswordEventsTrigger.node';
import { readTriggerSettings } from '../../nodes/OnePasswordEvents/trigger/settings';
import { buildHost } from '../harness/n8n/host';
import { makePollContext } from '../harness/n8n/pollContext';

const credential = { token: 'x', region: 'custom', customUrl: 'http://127.0.0.1:1' };

describe('trigger versions', () => {
	it('is version 1 and 2, 2 by default', () => {
		const { description } = new OnePasswordEventsTrigger();
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it.each([
		[1, 'raw'],
		[2, 'simplified'],
	])('a version %i node saved without Output reads %s', (typeVersion, expected) => {
		const { context } = makePollContext({
			credential,
			parameters: { eventTypes: ['itemUsages'] },
			typeVersion,
		});
		expect(context.getNode().typeVersion).toBe(typeVersion);
		expect(readTriggerSettings(context).output).toBe(expected);
	});

	it.each([1, 2])('a version %i node keeps the Output it was saved with', (typeVersion) => {
		for (const output of ['raw', 'simplified']) {
			const { context } = makePollContext({
				credential,
				parameters: { eventTypes: ['itemUsages'], output },
				typeVersion,
			});
			expect(readTriggerSettings(context).output).toBe(output);
		}
	});
});

function subtitle(
	nodeType: OnePasswordEvents | OnePasswordEventsTrigger,
	parameters: IDataObject,
): unknown {
	const { node, workflow } = buildHost({ nodeType, parameters, typeVersion: 1 });
	const expression = nodeType.description.subtitle as string;
	return workflow.expression.getSimpleParameterValue(node, expression, 'internal', {});
}

describe('canvas subtitles', () => {
	it('the trigger lists the display names of its event types', () => {
		const trigger = new OnePasswordEventsTrigger();
		expect(subtitle(trigger, { eventTypes: ['itemUsages', 'signInAttempts', 'auditEvents'] })).toBe(
			'Item Usages, Sign-In Attempts, Audit Events',
		);
		expect(subtitle(trigger, { eventTypes: ['auditEvents'] })).toBe('Audit Events');
	});

	it('the action node says what it gets', () => {
		const action = new OnePasswordEvents();
		expect(
			subtitle(action, { resource: 'event', operation: 'getAll', eventType: 'signInAttempts' }),
		).toBe('Get sign-in attempts');
		expect(subtitle(action, { resource: 'token', operation: 'getInfo' })).toBe('Get token info');
	});
});
