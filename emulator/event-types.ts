/** The three event families the Events API serves, in the order the API documents them. */
export const EVENT_TYPES = ['itemusages', 'signinattempts', 'auditevents'] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** v1 is the older record shape; v2 adds the account/user-type fields. */
export type ApiVersion = 1 | 2;

export function isEventType(value: unknown): value is EventType {
	return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}
