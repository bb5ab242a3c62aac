/**
 * The soak run (`npm run soak`, 100,000 events) in small: the same driver (test/harness/soak.ts)
 * with a few thousand events, small pages so that they span many requests, and a fixed seed.
 * Every fault kind (timeouts included), late item usages, restarts between polls, crashes inside
 * them, and crashes after an execution delivered but before static data was saved. Nothing may be
 * lost; an event may be delivered twice only when a crash after delivery explains it (it was in
 * that execution's items), and no 60 s window may hold more than 600 requests.
 */
import {
	API_REQUESTS_PER_MINUTE,
	formatFailureDetails,
	formatReport,
	missedTargets,
	runSoak,
	SOAK_FAULT_KINDS,
	timedOut,
} from '../harness/soak';

describe('soak (short)', () => {
	it('4,000 events of all three types through every fault kind, restarts and crashes: none lost, repeats only after a crash after delivery', async () => {
		const report = await runSoak({
			events: 4000,
			seed: 'npm-test-soak-1',
			faultRate: 0.15,
			pageSize: 100,
			maxEventsPerPoll: 900,
			pollBudgetMs: 2000,
			rounds: 30,
			stallMs: 15_000,
		});
		const missed = missedTargets(report);
		// On failure, the message carries the table, what was lost or doubled, and the replay steps.
		expect(
			missed.length === 0
				? ''
				: `${missed.join('; ')}\n\n${formatReport(report)}\n\n${formatFailureDetails(report)}`,
		).toBe('');

		expect(report.total.produced).toBe(4000);
		expect(report.total.lost).toBe(0);
		expect(report.total.duplicated).toBe(0);
		// The crash after delivery is met, and costs what it must: its events again, no more.
		expect(report.crashesAfterDelivery.withEvents).toBeGreaterThan(0);
		expect(report.total.repeatedAfterCrash).toBeGreaterThan(0);
		expect(report.total.repeatedAfterCrash).toBeLessThanOrEqual(
			report.crashesAfterDelivery.eventsDelivered,
		);
		expect(report.unexpected).toBe(0);
		expect(report.peakPer60s).toBeLessThanOrEqual(API_REQUESTS_PER_MINUTE);
		for (const figures of Object.values(report.byType)) expect(figures.produced).toBeGreaterThan(0);
		expect(report.byType.itemusages.late).toBeGreaterThan(0);
		for (const kind of SOAK_FAULT_KINDS)
			expect(report.stats.faultsInjected[kind]).toBeGreaterThan(0);
		expect(timedOut(report)).toBeGreaterThan(0);
		expect(report.restarts).toBeGreaterThan(0);
		expect(report.crashes).toBeGreaterThan(0);
	}, 90_000);
});
