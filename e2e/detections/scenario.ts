/**
 * A detection scenario: the events that must fire one detection workflow (examples/detections)
 * and the near misses that must not, as a specification a person can read. The detection suite
 * (e2e/detection-suite.ts) plays every scenario's events before and after an n8n restart and
 * checks that exactly the expected alerts arrive: none missing, none extra, none twice.
 */
import type { Feed } from './feed';

export interface ExpectedAlert {
	/** Why it must fire, in words: shown when it does not. */
	why: string;
	/** The alert's `subject` (who or what it is about). */
	subject: string;
	/** Events the alert must name (it may name more, e.g. the rest of a burst). */
	events: string[];
}

export interface DetectionScenario {
	/** The workflow's file name in examples/detections, without `.json`. */
	detection: string;
	/** Values for the workflow's Settings node, as a user would fill them in. */
	settings?: Record<string, string | number>;
	/** Trigger options to change (e.g. a silence threshold the suite can wait for). */
	triggerOptions?: Record<string, unknown>;
	/** Events before the restart; returns the alerts they must raise. */
	beforeRestart(feed: Feed): Promise<ExpectedAlert[]>;
	/** Events after the restart (state from before must have survived); the alerts they must raise. */
	afterRestart?(feed: Feed): Promise<ExpectedAlert[]>;
	/** Events once every expected alert has arrived: more of the same, which must not alert again. */
	afterAlerts?(feed: Feed): Promise<void>;
}
