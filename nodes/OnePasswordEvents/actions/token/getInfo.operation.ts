/**
 * Token > Get Info: what the credential's token may do, from 1Password's introspect endpoint
 * (which event types, which account, since when), plus its expiry read from the token itself
 * and the whole days left until then.
 * The token is never part of the output.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readTokenClaims } from '../../transport/credentialSettings';
import { EVENT_TYPE_KEYS, EVENT_TYPES } from '../../shared/eventTypes';
import { wholeDaysUntil } from '../../shared/time';
import { pacerForToken } from '../../transport/requestBudget';
import { readTokenAccess } from '../../transport/tokenAccess';
import { callEventsApi } from '../../transport/request';

const REQUEST_TIME_LIMIT_MS = 60_000;

export const description: INodeProperties[] = [];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { token, processes } = await readTokenAccess(this);
	const answer = await callEventsApi(this, {
		method: 'GET',
		url: '/api/v2/auth/introspect',
		deadline: Date.now() + REQUEST_TIME_LIMIT_MS,
		subject: 'token information',
		pacer: pacerForToken(token, processes),
		validate: (body) => (Array.isArray(body.features) ? undefined : 'it has no "features" list'),
	});
	const features = (answer.features as unknown[]).filter(
		(feature): feature is string => typeof feature === 'string',
	);
	const expiresAt = readTokenClaims(token)?.expiresAt;
	const canRead = Object.fromEntries(
		EVENT_TYPE_KEYS.map((key) => [key, features.includes(EVENT_TYPES[key].feature)]),
	);
	return [
		{
			json: {
				tokenUuid: answer.uuid,
				accountUuid: answer.account_uuid,
				issuedAt: answer.issued_at,
				expiresAt: expiresAt ? new Date(expiresAt * 1000).toISOString() : null,
				daysLeft: expiresAt ? wholeDaysUntil(expiresAt * 1000, Date.now()) : null,
				features,
				canRead,
				eventTypes: EVENT_TYPE_KEYS.filter((key) => canRead[key]).map(
					(key) => EVENT_TYPES[key].displayName,
				),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
