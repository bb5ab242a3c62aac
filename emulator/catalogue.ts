/**
 * The documented enumerations of the Events API (reference 1.4.1,
 * https://developer.1password.com/docs/events-api/reference). The generator draws only from
 * documented codes, and test/reference.test.ts holds it to a transcription of that reference;
 * consumers must still accept values that are not listed, because 1Password adds new ones
 * without notice.
 * Deliberately written out here rather than imported from the node's catalogue: the emulator is
 * the oracle the node is tested against, and an oracle that shares the node's data would share
 * its mistakes.
 */

export const ITEM_USAGE_ACTIONS = [
	'enter-item-edit-mode',
	'export',
	'fill',
	'other',
	'reveal',
	'secure-copy',
	'select-sso-provider',
	'server-create',
	'server-fetch',
	'server-update',
	'share',
] as const;

export const SIGN_IN_CATEGORIES = [
	'success',
	'credentials_failed',
	'mfa_failed',
	'sso_failed',
	'modern_version_failed',
	'firewall_failed',
	'firewall_reported_success',
] as const;

export type SignInCategory = (typeof SIGN_IN_CATEGORIES)[number];

const FIREWALL_TYPES = [
	'ip_blocked',
	'continent_blocked',
	'country_blocked',
	'anonymous_blocked',
	'all_blocked',
] as const;

/**
 * Which sign-in `type` values belong to which `category`, so generated attempts are coherent
 * (a `totp_bad` is never a success). The reference spells `u2f_timeout` (the old OpenAPI 1.2.0
 * misspelt it `u2f_timout`).
 */
export const SIGN_IN_TYPES_BY_CATEGORY: Readonly<Record<SignInCategory, readonly string[]>> = {
	success: ['credentials_ok', 'mfa_ok', 'federated'],
	credentials_failed: ['password_secret_bad'],
	mfa_failed: [
		'mfa_missing',
		'totp_disabled',
		'totp_bad',
		'totp_timeout',
		'u2f_disabled',
		'u2f_bad',
		'u2f_timeout',
		'duo_disabled',
		'duo_bad',
		'duo_timeout',
		'duo_native_bad',
		'platform_secret_disabled',
		'platform_secret_bad',
		'platform_secret_proxy',
		'code_disabled',
		'code_bad',
		'code_timeout',
	],
	sso_failed: ['service_account_sso_denied', 'non_sso_user', 'sso_user_mismatch'],
	modern_version_failed: ['modern_version_missing', 'modern_version_old'],
	firewall_failed: FIREWALL_TYPES,
	// "Reported" firewall rules log the match but let the user in: same types, a success.
	firewall_reported_success: FIREWALL_TYPES,
};

/** All 31 distinct sign-in types. */
export const SIGN_IN_TYPES: readonly string[] = [
	...new Set(Object.values(SIGN_IN_TYPES_BY_CATEGORY).flat()),
];

/** Relative frequency of each category: mostly successes, like a real account. */
export const SIGN_IN_CATEGORY_WEIGHTS: Readonly<Record<SignInCategory, number>> = {
	success: 70,
	credentials_failed: 10,
	mfa_failed: 8,
	sso_failed: 3,
	modern_version_failed: 2,
	firewall_failed: 4,
	firewall_reported_success: 3,
};

/** What an audit event's auxiliary fields describe, when anything. */
export type AuditAuxKind =
	'none' | 'user' | 'permissions' | 'count' | 'vault' | 'group' | 'device' | 'text';

export interface AuditTemplate {
	readonly action: string;
	readonly objectType: string;
	readonly aux: AuditAuxKind;
}

function templates(
	objectType: string,
	aux: AuditAuxKind,
	actions: readonly string[],
): AuditTemplate[] {
	return actions.map((action) => ({ action, objectType, aux }));
}

/**
 * Coherent (action, object_type) pairs the generator emits. Short codes are 1Password's own
 * (`enblmfa` = enable MFA, `reactive` = reactivate, `trvlaway` = travel mode on, ...).
 */
export const AUDIT_TEMPLATES: readonly AuditTemplate[] = [
	...templates('account', 'none', [
		'activate',
		'update',
		'convert',
		'updatfw',
		'changenm',
		'changela',
		'vrfydmn',
		'trvlaway',
		'trvlback',
	]),
	...templates('account', 'text', [
		'enblmfa',
		'disblmfa',
		'updatmfa',
		'enblduo',
		'updatduo',
		'disblduo',
		'enblsso',
		'disblsso',
	]),
	...templates('user', 'none', [
		'create',
		'join',
		'verify',
		'suspend',
		'reactive',
		'delete',
		'beginr',
		'completr',
		'cancelr',
		'provsn',
		'upguest',
		'changeks',
		'changemp',
		'changesk',
		'changenm',
		'role',
		'hide',
		'unhide',
	]),
	...templates('user', 'device', ['deolddev', 'dealldev']),
	...templates('vault', 'none', ['create', 'delete', 'update', 'export', 'purge']),
	...templates('vault', 'user', ['grant', 'revoke', 'role']),
	...templates('vault', 'group', ['grant', 'revoke']),
	...templates('item', 'vault', [
		'create',
		'update',
		'delete',
		'purge',
		'share',
		'delshare',
		'view',
	]),
	...templates('items', 'count', ['export', 'delete', 'purge']),
	...templates('itemhist', 'vault', ['view', 'delete']),
	...templates('group', 'none', ['create', 'delete', 'update', 'role']),
	...templates('group', 'user', ['join', 'leave']),
	...templates('gm', 'user', ['grant', 'revoke', 'role']),
	...templates('device', 'user', [
		'create',
		'delete',
		'reauth',
		'begin',
		'complete',
		'cancel',
		'verify',
	]),
	...templates('invite', 'text', [
		'create',
		'delete',
		'update',
		'sendts',
		'resendts',
		'prsndall',
		'sendpkg',
	]),
	...templates('sso', 'none', [
		'chngpsso',
		'chngasso',
		'chngdsso',
		'tdvcsso',
		'sdvcsso',
		'addgsso',
		'delgsso',
	]),
	...templates('ssotkn', 'user', ['ssotknv']),
	...templates('sa', 'none', ['create', 'delete', 'update', 'expire']),
	...templates('satoken', 'text', ['create', 'revoke', 'trename', 'tverify', 'trevoke', 'expire']),
	...templates('report', 'text', ['create', 'view', 'export']),
	...templates('vaultkey', 'vault', ['replace']),
	...templates('template', 'none', ['create', 'update', 'delete', 'hide', 'unhide']),
	...templates('uva', 'user', ['grant', 'revoke', 'update']),
	...templates('gva', 'group', ['grant', 'revoke', 'update']),
	...templates('ec', 'none', ['create', 'delete', 'update']),
	...templates('miguser', 'user', ['create', 'musercom', 'muserdec']),
	...templates('sub', 'none', ['update', 'cancel', 'reactive']),
	...templates('card', 'none', ['create', 'update', 'delete']),
	...templates('pm', 'none', ['create', 'update', 'delete']),
	...templates('slackapp', 'none', ['create', 'delete', 'update']),
	...templates('file', 'vault', ['create', 'delete']),
	...templates('famchild', 'user', ['rdmchild', 'detchild']),
	...templates('dlgdsess', 'device', ['dlgsess']),
	...templates('cred', 'user', ['create', 'delete', 'update']),
	// MSP accounts: a provider's managed (client) accounts.
	...templates('mngdacc', 'none', ['create', 'launchi']),
	...templates('account', 'text', ['uvrfydmn', 'dvrfydmn']),
	...templates('user', 'text', ['uisas', 'unlink', 'patch', 'updatea', 'propose', 'unknown']),
];

export const AUDIT_ACTIONS: readonly string[] = [...new Set(AUDIT_TEMPLATES.map((t) => t.action))];
export const AUDIT_OBJECT_TYPES: readonly string[] = [
	...new Set(AUDIT_TEMPLATES.map((t) => t.objectType)),
];

/** v2 record fields that v1 endpoints do not return (anywhere in the record). */
export const V2_ONLY_FIELDS = [
	'account_uuid',
	'user_type',
	'user_account_uuid',
	'actor_type',
	'actor_account_uuid',
] as const;
