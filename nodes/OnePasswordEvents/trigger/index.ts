/**
 * What the trigger node runs on each poll: in a manual run (Fetch Test Event) a sample of the
 * newest events, otherwise the next events of every selected stream. Errors leave here as the
 * errors n8n shows.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { toNodeError } from '../transport/errors';
import { pollEventStreams } from './poll';
import { readTriggerSettings } from './settings';
import { sampleNewestEvents } from './fetchTestEvent';

export { triggerProperties } from './description';

export async function pollTrigger(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	try {
		const settings = readTriggerSettings(this);
		if (this.getMode() === 'manual') return await sampleNewestEvents(this, settings);
		return await pollEventStreams(this, settings);
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
