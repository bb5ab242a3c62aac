import { person } from './feed';
import type { DetectionScenario } from './scenario';

const kim = person('Kim Quiet');
/** 3 minutes instead of the shipped 6 hours, so the suite can wait for it. */
const SILENCE_HOURS = 0.05;

export const integrationSilent: DetectionScenario = {
	detection: 'integration-silent',
	triggerOptions: { silenceHours: SILENCE_HOURS, onSilence: 'emitItem' },
	async beforeRestart(feed) {
		// Events arriving keep it quiet; then nothing arrives any more, across the restart.
		await feed.signIns(kim, { country: 'NL', ip: '198.51.100.9' }, { ok: true });
		return [
			{
				why: 'nothing arrived for 3 minutes (reported once, not again after the restart)',
				subject: 'integration',
				events: [],
			},
		];
	},
};
