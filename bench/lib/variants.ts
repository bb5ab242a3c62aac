/**
 * What is drained side by side: the two baselines of issue 6, n8n's helper with its defaults
 * (to show what the node's `disableFollowRedirect` buys), and the node in three configurations.
 */
import type { IDataObject } from 'n8n-workflow';

import { bareClientDrain } from './bareClient';
import type { DrainFn } from './drainSetup';
import { nodeTriggerDrain } from './nodeTrigger';
import { thinTriggerDrain } from './thinTrigger';

export type VariantId =
	'bare' | 'thin' | 'thinDefaults' | 'nodeRaw' | 'nodeSimplified' | 'nodeFiltered';

export interface Variant {
	id: VariantId;
	label: string;
	drain: DrainFn;
	node: boolean;
}

/** An alerting-style filter: 4 of the 11 item usage actions, about a third of the events. */
export const BENCH_FILTERS: IDataObject = {
	itemUsageActions: ['reveal', 'export', 'secure-copy', 'share'],
};

export const VARIANTS: Variant[] = [
	{ id: 'bare', label: '(a) bare client: fetch + JSON.parse', drain: bareClientDrain, node: false },
	{
		id: 'thin',
		label: '(b) thin trigger, n8n helper + disableFollowRedirect',
		drain: thinTriggerDrain({ disableFollowRedirect: true }),
		node: false,
	},
	{
		id: 'thinDefaults',
		label: '(b0) thin trigger, n8n helper defaults',
		drain: thinTriggerDrain({ disableFollowRedirect: false }),
		node: false,
	},
	{
		id: 'nodeRaw',
		label: 'node, raw output',
		drain: nodeTriggerDrain({ output: 'raw' }),
		node: true,
	},
	{
		id: 'nodeSimplified',
		label: 'node, simplified output',
		drain: nodeTriggerDrain({ output: 'simplified' }),
		node: true,
	},
	{
		id: 'nodeFiltered',
		label: 'node, raw + action filter',
		drain: nodeTriggerDrain({ output: 'raw', filters: BENCH_FILTERS }),
		node: true,
	},
];

export function variantById(id: VariantId): Variant {
	const variant = VARIANTS.find((entry) => entry.id === id);
	if (!variant) throw new Error(`unknown variant ${id}`);
	return variant;
}
