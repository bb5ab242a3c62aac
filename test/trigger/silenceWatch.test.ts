import { watchSilence } from '../../nodes/OnePasswordEvents/trigger/silenceWatch';
import type { SilenceSettings } from '../../nodes/OnePasswordEvents/trigger/silenceWatch';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const sixHours: SilenceSettings = { hours: 6, action: 'emitItem' };

describe('watchSilence', () => {
	it('starts watching at the first poll', () => {
		expect(watchSilence(undefined, false, sixHours, T0)).toEqual({
			state: { lastArrivalAt: new Date(T0).toISOString() },
		});
	});

	it('watches fractions of an hour and reports them above 0', () => {
		const threeMinutes: SilenceSettings = { hours: 0.05, action: 'emitItem' };
		const start = watchSilence(undefined, false, threeMinutes, T0).state;
		expect(
			watchSilence(start, false, threeMinutes, T0 + 0.04 * HOUR).silentForHours,
		).toBeUndefined();
		expect(watchSilence(start, false, threeMinutes, T0 + 0.06 * HOUR).silentForHours).toBe(0.06);
	});

	it('reports once when the silence reaches the limit, not before, not twice', () => {
		const start = watchSilence(undefined, false, sixHours, T0).state;
		expect(watchSilence(start, false, sixHours, T0 + 5.9 * HOUR).silentForHours).toBeUndefined();
		const report = watchSilence(start, false, sixHours, T0 + 6 * HOUR);
		expect(report.silentForHours).toBe(6);
		expect(report.state.reportedAt).toBe(new Date(T0 + 6 * HOUR).toISOString());
		expect(
			watchSilence(report.state, false, sixHours, T0 + 9 * HOUR).silentForHours,
		).toBeUndefined();
	});

	it('an arrival ends the silence and re-arms the watch', () => {
		const reported = watchSilence(
			{ lastArrivalAt: new Date(T0).toISOString() },
			false,
			sixHours,
			T0 + 7 * HOUR,
		).state;
		const back = watchSilence(reported, true, sixHours, T0 + 8 * HOUR).state;
		expect(back).toEqual({ lastArrivalAt: new Date(T0 + 8 * HOUR).toISOString() });
		expect(watchSilence(back, false, sixHours, T0 + 14 * HOUR).silentForHours).toBe(6);
	});

	it('is off at 0 hours', () => {
		const state = { lastArrivalAt: new Date(T0).toISOString() };
		expect(
			watchSilence(state, false, { hours: 0, action: 'emitItem' }, T0 + 1000 * HOUR).silentForHours,
		).toBeUndefined();
	});
});
