/**
 * The table of which filter applies to which event type: it covers every filter the node offers,
 * by the names the editor shows, and the action node's check refuses exactly the misapplied ones.
 */
import type { INodeProperties } from 'n8n-workflow';

import { OnePasswordEvents } from '../../nodes/OnePasswordEvents/OnePasswordEvents.node';
import {
	checkFiltersApply,
	FILTER_SCOPE,
	misappliedFilters,
} from '../../nodes/OnePasswordEvents/shared/filterScope';
import type { FilterSettings } from '../../nodes/OnePasswordEvents/shared/filters';

const filters = new OnePasswordEvents().description.properties.find(
	(property) => property.name === 'filters',
)?.options as INodeProperties[];

describe('FILTER_SCOPE', () => {
	it('has one line per filter of the collection, labelled as the editor shows it', () => {
		expect(Object.keys(FILTER_SCOPE).sort()).toEqual(filters.map((option) => option.name).sort());
		for (const option of filters)
			expect(FILTER_SCOPE[option.name as keyof FilterSettings].label).toBe(option.displayName);
	});

	it('leaves defaults and empty values alone', () => {
		const defaults = Object.fromEntries(filters.map((option) => [option.name, option.default]));
		for (const type of ['itemUsages', 'signInAttempts', 'auditEvents'] as const) {
			expect(misappliedFilters(defaults as FilterSettings, type)).toEqual([]);
			expect(
				misappliedFilters({ vaultUuids: ' , ', auditActionList: [], signInResult: 'any' }, type),
			).toEqual([]);
		}
	});

	it("says what applies where and what to do, in the brief's words", () => {
		expect(() => checkFiltersApply({ signInResult: 'failures' }, 'itemUsages')).toThrow(
			'Sign-In Result applies to sign-in attempts only, but Event Type is Item Usages: remove the filter or change Event Type to Sign-In Attempts.',
		);
		expect(() =>
			checkFiltersApply(
				{ itemUsageActions: ['reveal'], vaultUuids: 'x', auditActions: 'grant' },
				'signInAttempts',
			),
		).toThrow(
			'Item Usage Actions and Vault UUIDs apply to item usages only and Other Audit Action Codes applies to audit events only, but Event Type is Sign-In Attempts: remove these filters or change Event Type.',
		);
	});
});
