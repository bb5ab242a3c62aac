/**
 * The trigger's parameters: which event types, where delivery starts, the output and filters,
 * and the options of a long-running stream (silence and token expiry alerts, poll size).
 */
import type { INodeProperties } from 'n8n-workflow';

import {
	addNamesProperty,
	eventTypeOptions,
	filtersProperty,
	outputProperty,
} from '../shared/descriptions';
import { MAX_PAGE_SIZE } from '../shared/parameterReaders';
import { DEFAULT_MAX_EVENTS_PER_POLL } from './settings';
import { DEFAULT_EXPIRY_WARN_DAYS, MAX_EXPIRY_WARN_DAYS } from './expiryWatch';
import { DEFAULT_WAIT_MINUTES, MAX_WAIT_MINUTES } from './deliveryCheck';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event Types',
		name: 'eventTypes',
		type: 'multiOptions',
		required: true,
		default: ['itemUsages'],
		description:
			'Which events to deliver. Each type keeps its own position; every item says which type it is.',
		options: eventTypeOptions,
	},
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		default: 'now',
		description:
			'Where delivery starts when the workflow is first activated (or an event type is added). Later changes do not move a stream that has already started.',
		options: [
			{ name: 'Now', value: 'now', description: 'Only events that arrive after activation' },
			{
				name: 'Look Back',
				value: 'lookback',
				description: 'Also deliver the last hours or days once',
			},
			{
				name: 'Date',
				value: 'date',
				description: 'Also deliver everything since a date (at most 120 days ago)',
			},
		],
	},
	{
		displayName: 'Look Back',
		name: 'lookbackAmount',
		type: 'number',
		default: 24,
		typeOptions: { minValue: 1 },
		description: 'How far back to start, in the unit below (at most 120 days)',
		displayOptions: { show: { startFrom: ['lookback'] } },
	},
	{
		displayName: 'Look Back Unit',
		name: 'lookbackUnit',
		type: 'options',
		default: 'hours',
		options: [
			{ name: 'Hours', value: 'hours' },
			{ name: 'Days', value: 'days' },
		],
		displayOptions: { show: { startFrom: ['lookback'] } },
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		description:
			'Deliver events from this time on (in the workflow time zone, at most 120 days ago)',
		displayOptions: { show: { startFrom: ['date'] } },
	},
	// Version 1 defaulted to Raw; version 2 defaults to Simplified, as every example uses it. Saved
	// version-1 nodes keep Raw: n8n fills a missing parameter from the node's own version.
	{ ...outputProperty, displayOptions: { show: { '@version': [1] } } },
	{ ...outputProperty, default: 'simplified', displayOptions: { show: { '@version': [2] } } },
	addNamesProperty,
	filtersProperty,
	{
		displayName: 'Confirm Delivery',
		name: 'confirmDelivery',
		type: 'boolean',
		default: false,
		description:
			"Whether to read on only once n8n has run the last batch's execution, and to read a batch again when n8n failed its execution before it ran (queue mode can, when a worker loses its database). Needs an n8n API credential for this n8n.",
	},
	{
		displayName: 'Wait for Execution (Minutes)',
		name: 'confirmDeliveryWaitMinutes',
		type: 'number',
		default: DEFAULT_WAIT_MINUTES,
		typeOptions: { minValue: 1, maxValue: MAX_WAIT_MINUTES },
		description:
			'How long a batch may wait for its execution. Still queued after this: read again (it may then arrive twice). Still running: read on without knowing its end.',
		displayOptions: { show: { confirmDelivery: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Alert After Silence (Hours)',
				name: 'silenceHours',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, maxValue: 720, numberPrecision: 2 },
				description:
					'When no new event of the selected types has arrived for this many hours (fractions allowed: 0.5 is 30 minutes), report it once (0 = off). Notices a broken integration.',
			},
			{
				displayName: 'Max Events per Poll',
				name: 'maxEventsPerPoll',
				type: 'number',
				default: DEFAULT_MAX_EVENTS_PER_POLL,
				typeOptions: { minValue: 1 },
				description:
					'Most events one poll reads, shared by the event types; the rest follows in the next poll, nothing is skipped',
			},
			{
				displayName: 'On Silence',
				name: 'onSilence',
				type: 'options',
				default: 'emitItem',
				description: 'What Alert After Silence does when the time has passed',
				options: [
					{
						name: 'Emit an Alert Item',
						value: 'emitItem',
						description: 'One item with alert "silence", once per silent period',
					},
					{
						name: 'Fail the Poll',
						value: 'failPoll',
						description:
							'A failed execution (runs the Error Workflow), repeated at most hourly while silent',
					},
				],
			},
			{
				displayName: 'On Token Expiry',
				name: 'onTokenExpiry',
				type: 'options',
				default: 'emitItem',
				description: 'What Warn Before Token Expiry (Days) does when the expiry is near',
				options: [
					{
						name: 'Emit an Alert Item',
						value: 'emitItem',
						description: 'One item with alert "tokenExpiry" after the events, once a day',
					},
					{
						name: 'Fail the Poll',
						value: 'failPoll',
						description:
							'A failed execution (runs the Error Workflow) once a day; the next poll delivers the events',
					},
				],
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				default: MAX_PAGE_SIZE,
				typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
				description: 'Events per request (1 to 1000). Larger pages mean fewer requests.',
			},
			{
				displayName: 'Warn Before Token Expiry (Days)',
				name: 'tokenExpiryWarnDays',
				type: 'number',
				default: DEFAULT_EXPIRY_WARN_DAYS,
				typeOptions: { minValue: 0, maxValue: MAX_EXPIRY_WARN_DAYS },
				description:
					"From this many days before the credential's token expires, report it once a day (0 = off), so a new token is issued before the events stop",
			},
		],
	},
];
