import { person, type Place } from './feed';
import type { DetectionScenario } from './scenario';

const fiona = person('Fiona Traveller');
const gus = person('Gus Homebody');
const hugo = person('Hugo Newcomer');
const BERLIN: Place = { country: 'DE', ip: '198.51.100.20', app: '1Password for Mac', os: 'macOS' };
const PARIS: Place = { country: 'FR', ip: '192.0.2.77', app: '1Password for Mac', os: 'macOS' };
const HOME: Place = {
	country: 'US',
	ip: '203.0.113.5',
	app: '1Password for Windows',
	os: 'Windows',
};
const HOME_NEW_APP: Place = { ...HOME, app: '1Password CLI', os: 'Linux' };

export const newSignInPlace: DetectionScenario = {
	detection: 'new-sign-in-place',
	async beforeRestart(feed) {
		// First sign-ins seen: baselines, no alert.
		await feed.signIns(fiona, BERLIN, { ok: true, count: 2 });
		await feed.signIns(gus, HOME, { ok: true });
		return [];
	},
	async afterRestart(feed) {
		// Old places (remembered across the restart): nothing.
		await feed.signIns(fiona, BERLIN, { ok: true });
		await feed.signIns(gus, HOME, { ok: true });
		// An app update is not a new client.
		await feed.signIns(gus, { ...HOME, version: '2161' }, { ok: true });
		// A failed attempt from a new place is not a sign-in.
		await feed.signIns(gus, PARIS, { ok: false });
		// A newcomer's first sign-in is a baseline.
		await feed.signIns(hugo, PARIS, { ok: true });
		const paris = await feed.signIns(fiona, PARIS, { ok: true, count: 2 });
		const cli = await feed.signIns(gus, HOME_NEW_APP, { ok: true });
		return [
			// One alert per person and poll, naming the first sign-in from each new place.
			{
				why: 'Fiona signed in from France (new country and IP)',
				subject: fiona.email,
				events: paris.slice(0, 1),
			},
			{ why: 'Gus signed in with a new client', subject: gus.email, events: cli },
		];
	},
	async afterAlerts(feed) {
		// France and the CLI are known places now.
		await feed.signIns(fiona, PARIS, { ok: true });
		await feed.signIns(gus, HOME_NEW_APP, { ok: true });
	},
};
