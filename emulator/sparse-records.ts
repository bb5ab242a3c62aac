import { Random, mixSeed } from './prng';

/**
 * `sparseRecords`: records as other integrations recorded them from the real API, which leaves
 * out empty or inapplicable fields instead of sending nulls. Each rule is drawn per record from
 * the seed, so some records are complete and some are not, and a replay gives the same records.
 */

const SPARSE_SALT = 0x5ba5;
const NO_LOCATION_CHANCE = 0.3;
const NO_MSP_FIELDS_CHANCE = 0.5;
const NO_EMPTY_FIELDS_CHANCE = 0.7;

/** Left out when they hold nothing: sign-in details and the audit object/aux fields. */
const EMPTY_WHEN: Readonly<Record<string, (value: unknown) => boolean>> = {
	details: (value) => value === null,
	object_details: (value) => value === null,
	aux_id: (value) => value === 0,
	aux_uuid: (value) => value === '',
	aux_details: (value) => value === null,
	aux_info: (value) => value === '',
};

type Json = Record<string, unknown>;

/** A member of the account itself: the MSP-only fields say nothing a reader needs. */
function withoutMspFields(user: unknown): unknown {
	if (user === null || typeof user !== 'object' || (user as Json).user_type !== 'user') return user;
	const rest: Json = { ...(user as Json) };
	delete rest.user_type;
	delete rest.user_account_uuid;
	return rest;
}

export function sparsify<T extends object>(
	record: T,
	seedHash: number,
	typeIndex: number,
	seq: number,
): T {
	const random = new Random(mixSeed(seedHash, SPARSE_SALT, typeIndex, seq));
	const dropLocation = random.chance(NO_LOCATION_CHANCE);
	const dropMsp = random.chance(NO_MSP_FIELDS_CHANCE);
	const dropEmpty = random.chance(NO_EMPTY_FIELDS_CHANCE);
	const sparse: Json = {};
	for (const [key, value] of Object.entries(record)) {
		if (key === 'location' && dropLocation) continue;
		if (dropEmpty && EMPTY_WHEN[key]?.(value)) continue;
		if (
			dropMsp &&
			(key === 'actor_type' || key === 'actor_account_uuid') &&
			(record as Json).actor_type === 'user'
		)
			continue;
		sparse[key] =
			dropMsp && (key === 'user' || key === 'target_user') ? withoutMspFields(value) : value;
	}
	return sparse as T;
}
