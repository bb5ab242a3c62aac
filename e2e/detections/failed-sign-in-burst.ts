import { burstMoment, person } from './feed';
import type { DetectionScenario } from './scenario';

const paul = person('Paul Forgetful');
const quinn = person('Quinn Careful');
const sprayed = ['Rita', 'Stan', 'Tina', 'Umar'].map((name) => person(`${name} Target`));
const SPRAYER = { country: 'RU', ip: '203.0.113.66' };
/** Every event of this scenario is timestamped here: one 10-minute window. */
let moment = 0;

export const failedBurst: DetectionScenario = {
	detection: 'failed-sign-in-burst',
	async beforeRestart(feed) {
		moment = burstMoment();
		// Paul: 6 failures now, 4 more after the restart (10 per user fires).
		await feed.signIns(
			paul,
			{ country: 'DE', ip: '198.51.100.7' },
			{ ok: false, count: 6, at: moment },
		);
		// Password spraying from one address: 5 each for 4 people (20 per IP fires, no user reaches 10).
		for (const target of sprayed.slice(0, 2))
			await feed.signIns(target, SPRAYER, { ok: false, count: 5, at: moment });
		// Quinn: 9 failures from 9 addresses; her 5 successes do not count.
		for (let i = 0; i < 9; i++)
			await feed.signIns(
				quinn,
				{ country: 'US', ip: `192.0.2.${10 + i}` },
				{ ok: false, at: moment },
			);
		await feed.signIns(
			quinn,
			{ country: 'US', ip: '192.0.2.10' },
			{ ok: true, count: 5, at: moment },
		);
		return [];
	},
	async afterRestart(feed) {
		const paulRest = await feed.signIns(
			paul,
			{ country: 'DE', ip: '198.51.100.7' },
			{ ok: false, count: 4, at: moment },
		);
		const sprayRest: string[] = [];
		for (const target of sprayed.slice(2))
			sprayRest.push(...(await feed.signIns(target, SPRAYER, { ok: false, count: 5, at: moment })));
		return [
			{
				why: 'Paul reached 10 failures in one window across the restart',
				subject: `user:${paul.email}`,
				events: paulRest,
			},
			{
				why: '20 failures from one address in one window, across the restart',
				subject: `ip:${SPRAYER.ip}`,
				events: sprayRest,
			},
		];
	},
	async afterAlerts(feed) {
		// Both go on in the same window: still one alert each.
		await feed.signIns(
			paul,
			{ country: 'DE', ip: '198.51.100.7' },
			{ ok: false, count: 3, at: moment },
		);
		await feed.signIns(sprayed[0], SPRAYER, { ok: false, count: 3, at: moment });
	},
};
