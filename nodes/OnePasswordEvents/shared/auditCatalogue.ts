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
	all_blocked: 'blocked: every location is blocked by the firewall',
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
