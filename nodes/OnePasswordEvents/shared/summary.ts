/**
 * The `summary` of a simplified item: one plain English sentence a person can act on at 3 a.m.,
 * such as "Lukas Becker revealed 'AWS root' in vault Finance from 1Password for Mac on macOS in
 * Berlin, DE". Built only from the simplified item's own fields, so it can be built again after
 * names are added (see names.ts); where no name is known, the id stands in.
 */
import type { IDataObject } from 'n8n-workflow';

import { ITEM_OBJECT_TYPES, VAULT_OBJECT_TYPES } from './auditCatalogue';

/** Anything that would break a sentence apart: a blank other than a space, or spaces that double or edge. */
const MESSY_BLANKS = /[^\S ]| {2}|^ | $/;

/** A field's text on one line: blanks collapsed, so no value can break the sentence apart. */
function text(value: unknown): string | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	// Most values are clean already: one test instead of a replace and a trim (summaries are built
	// for every simplified event, so this is on the hot path).
	if (!MESSY_BLANKS.test(value)) return value;
	const clean = value.replace(/\s+/g, ' ').trim();
	return clean === '' ? undefined : clean;
}

/** Operating system names as people say them. */
const OS_WORDS: Readonly<Record<string, string>> = {
	macosx: 'macOS',
	macos: 'macOS',
	ios: 'iOS',
	ipados: 'iPadOS',
	chromeos: 'ChromeOS',
};

/** "Lukas Becker", else "lukas@example.com", else "user 6FVC…", else "Someone". */
function person(name: unknown, email: unknown, uuid: unknown, kind: unknown = 'user'): string {
	const label = text(name) ?? text(email);
	if (label) return label;
	const id = text(uuid);
	// "service_account" reads "service account".
	const kindWords = typeof kind === 'string' ? text(kind.replace(/_/g, ' ')) : undefined;
	return id ? `${kindWords ?? 'user'} ${id}` : 'Someone';
}

/** App labels seen and their names for a sentence; bounded, as new app versions keep coming. */
const appNames = new Map<string, string | undefined>();
const MAX_APP_NAMES = 1000;

/** "1Password for Mac" from "1Password for Mac 8.10.1"; the browser extension by its browser. */
function appName(item: IDataObject): string | undefined {
	const label = text(item.app);
	const platform = text(item.platform);
	if (!label) return undefined;
	const key = `${label}\u0000${platform ?? ''}`;
	if (appNames.has(key)) return appNames.get(key);
	// The version ("8.10.1", "81090001", "8.10.2-beta") is in `app`; a sentence needs the name.
	const app = label.replace(/\s+\d[\w.+-]*$/, '');
	const name = platform && /browser extension/i.test(app) ? `1Password for ${platform}` : app;
	if (appNames.size >= MAX_APP_NAMES) appNames.clear();
	appNames.set(key, name);
	return name;
}

/** " from 1Password for Mac on macOS in Berlin, DE", each part only when known. */
function origin(item: IDataObject): string {
	let sentence = '';
	const app = appName(item);
	if (app) sentence += ` from ${app}`;
	const os = text(item.os);
	if (os) sentence += ` on ${OS_WORDS[os.toLowerCase()] ?? os}`;
	const place = [text(item.city), text(item.country) ?? text(item.countryName)].filter(Boolean);
	if (place.length > 0) sentence += ` in ${place.join(', ')}`;
	return sentence;
}

function vault(item: IDataObject, uuid: unknown): string {
	const name = text(item.vaultName);
	if (name) return `vault ${name}`;
	const id = text(uuid);
	return id ? `vault ${id}` : 'an unknown vault';
}

function itemLabel(item: IDataObject, uuid: unknown): string {
	const title = text(item.itemTitle);
	if (title) return `'${title}'`;
	const id = text(uuid);
	return id ? `item ${id}` : 'an item';
}

function itemUsageSentence(item: IDataObject): string {
	const who = person(item.userName, item.userEmail, item.userUuid);
	const verb = text(item.actionText) ?? 'used';
	return `${who} ${verb} ${itemLabel(item, item.itemUuid)} in ${vault(item, item.vaultUuid)}${origin(item)}`;
}

function signInSentence(item: IDataObject): string {
	const who = person(item.userName, item.userEmail, item.userUuid);
	const how = text(item.actionText);
	const outcome = text(item.outcomeText) ?? text(item.outcome);
	const details = text(item.details);
	const rule = details && details !== how ? `firewall rule: ${details}` : undefined;
	if (item.success === true) {
		const why = [how ? `${outcome ?? ''}: ${how}`.replace(/^: /, '') : outcome, rule];
		const note = item.outcome === 'success' ? [] : why.filter(Boolean);
		return `${who} signed in${note.length > 0 ? ` (${note.join('; ')})` : ''}${origin(item)}`;
	}
	// The type says most ("wrong password or Secret Key"); the category where the type is unknown.
	const why = [how ?? outcome, rule].filter(Boolean).join('; ');
	return `Failed sign-in for ${who}${why ? ` (${why})` : ''}${origin(item)}`;
}

function auditObject(item: IDataObject): string {
	const type = text(item.objectType);
	const typeWords = text(item.objectTypeText) ?? type ?? 'object';
	if (type === 'account') return 'the account';
	if (type && VAULT_OBJECT_TYPES.has(type)) {
		const label = vault(item, item.objectUuid);
		// A user's or group's access to a vault reads as the vault ("granted access to vault X
		// for Bob"); a vault key or the vault's items keep their words.
		return type === 'vault' || type === 'uva' || type === 'gva'
			? label
			: `${typeWords} of ${label}`;
	}
	if (type && ITEM_OBJECT_TYPES.has(type)) {
		const title = text(item.itemTitle);
		const id = text(item.objectUuid) ?? 'unknown';
		const label = title ? `item '${title}'` : `item ${id}`;
		// The vault only when Connect named it: that confirms the aux id is the item's vault.
		const inVault = text(item.vaultName) ? ` in ${vault(item, item.auxUuid)}` : '';
		return `${type === 'item' ? '' : `${typeWords} of `}${label}${inVault}`;
	}
	const name = text(item.objectName);
	const email = text(item.objectEmail);
	if (name && email) return `${typeWords} ${name} (${email})`;
	const label = name ?? email ?? text(item.objectUuid);
	return label ? `${typeWords} ${label}` : typeWords;
}

function auditSentence(item: IDataObject): string {
	const actor = person(item.userName, item.userEmail, item.userUuid, item.actorType);
	const action = text(item.actionText) ?? text(item.action);
	const object = auditObject(item);
	if (!action) return `${actor} acted on ${object}${origin(item)}`;
	let sentence: string;
	const typeWords = text(item.objectTypeText) ?? text(item.objectType) ?? '';
	const lastWord = (words: string) => words.split(' ').pop() ?? '';
	if (
		typeWords !== '' &&
		!typeWords.includes(' ') &&
		object.startsWith(`${typeWords} `) &&
		action.includes(' ') &&
		lastWord(action) === lastWord(typeWords)
	) {
		// "sent an invitation" + "invitation x@y": the object's kind is said already.
		sentence = `${actor} ${action}: ${object.slice(typeWords.length).trim()}`;
	} else {
		// A one-word verb takes its object directly ("suspended user Bob"); "… access" takes "to"
		// ("granted access to vault Finance"); any other phrase takes "on" ("disabled
		// two-factor authentication on user Bob").
		const joiner = !action.includes(' ') ? ' ' : lastWord(action) === 'access' ? ' to ' : ' on ';
		sentence = `${actor} ${action}${joiner}${object}`;
	}
	const auxPerson = text(item.auxName) ?? text(item.auxEmail);
	if (auxPerson) sentence += ` for ${auxPerson}`;
	return `${sentence}${origin(item)}`;
}

/** The sentence for a simplified item of any type; an unknown type gets a generic one. */
export function summarize(item: IDataObject): string {
	switch (item.eventType) {
		case 'itemUsage':
			return itemUsageSentence(item);
		case 'signInAttempt':
			return signInSentence(item);
		case 'auditEvent':
			return auditSentence(item);
		default:
			return `1Password event ${text(item.uuid) ?? ''}`.trim();
	}
}
