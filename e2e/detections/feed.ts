/**
 * How the detection scenarios make 1Password events happen: through the emulator's admin API
 * (POST /admin/events), one record at a time with only the fields that matter to the detection
 * spelt out; the emulator fills in the rest as 1Password would.
 */
import crypto from 'node:crypto';

/** A person in the scenarios' made-up account. */
export interface Person {
	uuid: string;
	name: string;
	email: string;
}

/** Where and with what a person signs in. */
export interface Place {
	country: string;
	ip: string;
	app?: string;
	/** The app's version (a new one is not a new client). */
	version?: string;
	os?: string;
}

const MINUTE = 60_000;

/** A 1Password-style id (26 lower-case letters and digits), the same for the same label. */
export function idFor(label: string): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
	const bytes = crypto.createHash('sha256').update(label).digest();
	return Array.from(bytes.subarray(0, 26), (byte) => alphabet[byte % 32]).join('');
}

export function person(name: string): Person {
	const email = `${name.toLowerCase().replace(/\s+/g, '.')}@acme.example`;
	return { uuid: idFor(`person ${name}`), name, email };
}

/**
 * A moment now, safely inside its 10-minute window (of event time): a burst whose events all carry
 * timestamps from here on (a few milliseconds apart, late uploads included) falls in one window.
 * Earlier than the trigger's start it cannot be: 1Password serves nothing from before Start From.
 */
export function burstMoment(now = Date.now(), minutes = 10): number {
	const size = minutes * MINUTE;
	return now % size > size - 5_000 ? now - 5_000 : now;
}

export class Feed {
	constructor(private readonly emulatorUrl: string) {}

	private async inject(type: string, records: object[]): Promise<string[]> {
		const response = await fetch(`${this.emulatorUrl}/admin/events`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ type, records }),
		});
		if (!response.ok) throw new Error(`emulator refused events: ${await response.text()}`);
		const body = (await response.json()) as { items: Array<{ uuid: string }> };
		return body.items.map((item) => item.uuid);
	}

	/** One audit event: `actor` did `action` to an object of `objectType`. */
	async audit(
		actor: Person,
		action: string,
		objectType: string,
		fields: {
			objectUuid?: string;
			object?: Person;
			aux?: Person;
			auxUuid?: string;
			auxInfo?: string;
			at?: number;
		} = {},
	): Promise<string> {
		const record: Record<string, unknown> = {
			actor_uuid: actor.uuid,
			actor_details: { ...actor },
			action,
			object_type: objectType,
			object_uuid: fields.object?.uuid ?? fields.objectUuid ?? idFor(`${objectType} object`),
			object_details: fields.object ? { ...fields.object } : null,
			aux_uuid: fields.aux?.uuid ?? fields.auxUuid ?? '',
			aux_details: fields.aux ? { ...fields.aux } : null,
			aux_info: fields.auxInfo ?? '',
		};
		if (fields.at !== undefined) record.timestamp = new Date(fields.at).toISOString();
		const [uuid] = await this.inject('auditevents', [record]);
		return uuid;
	}

	/** `count` sign-in attempts by `user` from `place`, successful or failed (wrong password). */
	async signIns(
		user: Person,
		place: Place,
		options: { ok: boolean; count?: number; at?: number },
	): Promise<string[]> {
		const record = {
			target_user: { ...user },
			category: options.ok ? 'success' : 'credentials_failed',
			type: options.ok ? 'credentials_ok' : 'password_secret_bad',
			country: place.country,
			location: { country: place.country, region: '', city: '', latitude: 0, longitude: 0 },
			client: {
				app_name: place.app ?? '1Password for Web',
				app_version: place.version ?? '2150',
				platform_name: 'Chrome',
				platform_version: '131',
				os_name: place.os ?? 'macOS',
				os_version: '15.1',
				ip_address: place.ip,
			},
			...(options.at !== undefined ? { timestamp: new Date(options.at).toISOString() } : {}),
		};
		return this.inject(
			'signinattempts',
			Array.from({ length: options.count ?? 1 }, () => record),
		);
	}

	/** `count` item usages: `user` did `action` to `item` in `vault`, at `at` + i milliseconds. */
	async itemUsages(
		user: Person,
		action: string,
		options: { item?: string; vault?: string; count?: number; at?: number },
	): Promise<string[]> {
		const count = options.count ?? 1;
		return this.inject(
			'itemusages',
			Array.from({ length: count }, (_, index) => ({
				user: { ...user },
				action,
				item_uuid: options.item ?? idFor(`item ${index}`),
				vault_uuid: options.vault ?? idFor('vault Shared'),
				...(options.at !== undefined
					? { timestamp: new Date(options.at + index).toISOString() }
					: {}),
			})),
		);
	}
}
