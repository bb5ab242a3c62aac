/**
 * Readable words for the short codes 1Password puts in events: audit event actions
 * ('disblmfa' → 'disabled two-factor authentication'), audit object types ('gva' → 'group vault
 * access') and sign-in attempt types ('totp_bad' → 'wrong one-time password').
 *
 * The codes are the ones 1Password's Events API reference documents
 * (https://developer.1password.com/docs/events-api/reference, specification 1.4.1): 79 audit
 * actions, 30 audit object types and 31 sign-in types. The reference gives codes, not meanings;
 * the words are ours, read from the codes, the object types they go with and 1Password's audit
 * event documentation. Every list is open: 1Password adds codes without notice, and a code missing
 * here passes through unchanged (see the readable* functions), never rejected.
 * test/reference.test.ts checks these lists against a transcription of the reference.
 */

/** Audit event `action` → what the actor did, in the past tense. */
export const AUDIT_ACTION_WORDS: Readonly<Record<string, string>> = {
	activate: 'activated',
	addgsso: 'added a group to single sign-on',
	begin: 'began',
	beginr: 'began recovery',
	cancel: 'cancelled',
	cancelr: 'cancelled recovery',
	changeks: 'changed the keyset',
	changela: 'changed the language',
	changemp: 'changed the account password',
	changenm: 'changed the name',
	changesk: 'changed the Secret Key',
	chngasso: 'changed who signs in with single sign-on',
	chngdsso: 'changed the single sign-on settings',
	chngpsso: 'changed the single sign-on provider',
	complete: 'completed',
	completr: 'completed recovery',
	convert: 'converted',
	create: 'created',
	dealldev: 'deauthorized all devices',
	delete: 'deleted',
	delgsso: 'removed a group from single sign-on',
	delshare: 'deleted a share link',
	deolddev: 'deauthorized old devices',
	detchild: 'detached a linked family account',
	disblduo: 'disabled Duo',
	disblmfa: 'disabled two-factor authentication',
	disblsso: 'disabled single sign-on',
	dlgsess: 'started a delegated session',
	dvrfydmn: 'deleted a verified domain',
	enblduo: 'enabled Duo',
	enblmfa: 'enabled two-factor authentication',
	enblsso: 'enabled single sign-on',
	expire: 'expired',
	export: 'exported',
	grant: 'granted access',
	hide: 'hid',
	join: 'joined',
	launchi: 'launched',
	leave: 'left',
	musercom: 'completed a user migration',
	muserdec: 'declined a user migration',
	patch: 'patched',
	propose: 'proposed',
	provsn: 'provisioned',
	prsndall: 'resent all provisioning invitations',
	purge: 'purged',
	rdmchild: 'linked a family account',
	reactive: 'reactivated',
	reauth: 'reauthorized',
	replace: 'replaced',
	resendts: 'resent an invitation',
	revoke: 'revoked access',
	role: 'changed the role',
	sdvcsso: 'set up a device for single sign-on',
	sendpkg: 'sent a copy of an item',
	sendts: 'sent an invitation',
	share: 'shared',
	ssotknv: 'verified a single sign-on token',
	suspend: 'suspended',
	tdvcsso: 'trusted a device for single sign-on',
	trename: 'renamed a token',
	trevoke: 'revoked a token',
	trvlaway: 'turned on Travel Mode',
	trvlback: 'turned off Travel Mode',
	tverify: 'verified a token',
	uisas: 'updated the item sharing settings',
	unhide: 'unhid',
	unknown: 'did something unrecognised',
	unlink: 'unlinked',
	updatduo: 'updated Duo',
	update: 'updated',
	updatea: 'updated the attributes',
	updatfw: 'updated the firewall rules',
	updatmfa: 'updated two-factor authentication',
	upguest: 'upgraded a guest to a team member',
	uvrfydmn: 'unverified a domain',
	verify: 'verified',
	view: 'viewed',
	vrfydmn: 'verified a domain',
};

/** Audit event `object_type` → what the action was done to. */
export const AUDIT_OBJECT_TYPE_WORDS: Readonly<Record<string, string>> = {
	account: 'account',
	card: 'payment card',
	cred: 'passkey credential',
	device: 'device',
	dlgdsess: 'delegated session',
	ec: 'email change',
	famchild: 'linked family account',
	file: 'file',
	gm: 'group membership',
	group: 'group',
	gva: 'group vault access',
	invite: 'invitation',
	item: 'item',
	itemhist: 'item history',
	items: 'items',
	miguser: 'migrated user',
	mngdacc: 'managed account',
	pm: 'payment method',
	report: 'report',
	sa: 'service account',
	satoken: 'service account token',
	slackapp: 'Slack app',
	sso: 'single sign-on',
	ssotkn: 'single sign-on token',
	sub: 'subscription',
	template: 'template',
	user: 'user',
	uva: 'user vault access',
	vault: 'vault',
	vaultkey: 'vault key',
};

/** Sign-in attempt `type` → what happened, for a person reading an alert. */
export const SIGN_IN_TYPE_WORDS: Readonly<Record<string, string>> = {
	all_blocked: 'blocked: all locations are blocked',
	anonymous_blocked: 'blocked: anonymous IP address',
	code_bad: 'wrong verification code',
	code_disabled: 'verification code turned off',
	code_timeout: 'verification code timed out',
	continent_blocked: 'blocked: continent not allowed',
	country_blocked: 'blocked: country not allowed',
	credentials_ok: 'correct credentials',
	duo_bad: 'Duo check failed',
	duo_disabled: 'Duo turned off',
	duo_native_bad: 'Duo app check failed',
	duo_timeout: 'Duo check timed out',
	federated: 'signed in through the identity provider',
	ip_blocked: 'blocked: IP address not allowed',
	mfa_missing: 'two-factor authentication missing',
	mfa_ok: 'correct two-factor authentication',
	modern_version_missing: 'app too old: a current version is required',
	modern_version_old: 'app version too old',
	non_sso_user: 'user not set up for single sign-on',
	password_secret_bad: 'wrong password or Secret Key',
	platform_secret_bad: 'platform secret rejected',
	platform_secret_disabled: 'platform secret turned off',
	platform_secret_proxy: 'platform secret used through a proxy',
	service_account_sso_denied: 'single sign-on refused to a service account',
	sso_user_mismatch: 'single sign-on user does not match',
	totp_bad: 'wrong one-time password',
	totp_disabled: 'one-time passwords turned off',
	totp_timeout: 'one-time password timed out',
	u2f_bad: 'security key rejected',
	u2f_disabled: 'security keys turned off',
	u2f_timeout: 'security key timed out',
};

function lookUp(words: Readonly<Record<string, string>>, code: string): string {
	return Object.prototype.hasOwnProperty.call(words, code) ? words[code] : code;
}

/** Readable words for an audit action; an undocumented code comes back unchanged. */
export function readableAuditAction(code: string): string {
	return lookUp(AUDIT_ACTION_WORDS, code);
}

/** Readable noun for an audit object type; an undocumented type comes back unchanged. */
export function readableAuditObjectType(code: string): string {
	return lookUp(AUDIT_OBJECT_TYPE_WORDS, code);
}

/** Readable words for a sign-in attempt type; an undocumented type comes back unchanged. */
export function readableSignInType(code: string): string {
	return lookUp(SIGN_IN_TYPE_WORDS, code);
}

/**
 * Item usage `action` → the verb for a sentence ("revealed 'AWS root'"). The eleven actions of
 * the reference; an action added later reads as "used (new-action)".
 */
export const ITEM_USAGE_ACTION_WORDS: Readonly<Record<string, string>> = {
	'enter-item-edit-mode': 'opened for editing',
	export: 'exported',
	fill: 'filled',
	other: 'used',
	reveal: 'revealed',
	'secure-copy': 'copied',
	'select-sso-provider': 'chose the single sign-on provider of',
	'server-create': 'created',
	'server-fetch': 'fetched',
	'server-update': 'updated',
	share: 'shared',
};

/** Sign-in attempt `category` → the outcome in words. */
export const SIGN_IN_CATEGORY_WORDS: Readonly<Record<string, string>> = {
	credentials_failed: 'wrong credentials',
	firewall_failed: 'blocked by the firewall',
	firewall_reported_success: 'let through by a firewall rule that only reports',
	mfa_failed: 'two-factor authentication failed',
	modern_version_failed: 'app version too old',
	sso_failed: 'single sign-on failed',
	success: 'signed in',
};

/** Readable verb for an item usage action; an undocumented action reads "used (action)". */
export function readableItemUsageAction(code: string): string {
	const words = lookUp(ITEM_USAGE_ACTION_WORDS, code);
	return words === code ? `used (${code})` : words;
}

/** Readable outcome for a sign-in category; an undocumented category comes back unchanged. */
export function readableSignInCategory(code: string): string {
	return lookUp(SIGN_IN_CATEGORY_WORDS, code);
}

/** Audit object types whose `object_uuid` is a vault. */
export const VAULT_OBJECT_TYPES: ReadonlySet<string> = new Set([
	'vault',
	'uva',
	'gva',
	'vaultkey',
	'items',
]);

/**
 * Audit object types whose `object_uuid` is an item. Their `aux_uuid` is taken for the item's
 * vault only when Connect knows it as a vault: the reference does not say what aux_uuid holds.
 */
export const ITEM_OBJECT_TYPES: ReadonlySet<string> = new Set(['item', 'itemhist', 'file']);
