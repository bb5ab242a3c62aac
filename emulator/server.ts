import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin } from './admin-endpoint';
import { sendNotFound } from './api-errors';
import { handleConnectRequest, isConnectPath } from './connect-endpoint';
import type { EmulatorCore } from './emulator-core';
import { handleEventRequest, type EventRoute } from './events-endpoint';
import { EVENT_TYPES } from './event-types';
import { send } from './http-util';
import { handleIntrospect } from './introspect-endpoint';
import type { RequestContext } from './request-context';

type ApiRoute =
	| { readonly method: 'POST'; readonly event: EventRoute }
	| { readonly method: 'GET'; readonly introspect: 1 | 2 };

/** Exact paths, like Go's ServeMux: a trailing slash or a wrong method is a 404. */
const API_ROUTES = new Map<string, ApiRoute>([
	['/api/v2/auth/introspect', { method: 'GET', introspect: 2 }],
	['/api/auth/introspect', { method: 'GET', introspect: 1 }],
	...EVENT_TYPES.flatMap((type) =>
		([1, 2] as const).map((version): [string, ApiRoute] => [
			`/api/v${version}/${type}`,
			{ method: 'POST', event: { type, version } },
		]),
	),
]);

/** Unknown paths share one stats bucket, so a scanner cannot grow the stats without bound. */
const UNMATCHED_PATH = '(unmatched)';

export function createRequestHandler(
	core: EmulatorCore,
): (req: IncomingMessage, res: ServerResponse) => void {
	return (req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		const method = req.method ?? 'GET';
		const ctx: RequestContext = { req, res };

		if (path.startsWith('/admin/')) {
			void handleAdmin(core, ctx, method, path).catch((error: unknown) =>
				failInternally(res, error),
			);
			return;
		}

		// Connect has its own token, faults and stats: its traffic never shows in the Events API's.
		if (isConnectPath(path)) {
			const url = new URL(req.url ?? '/', 'http://emulator.invalid');
			void handleConnectRequest(core, ctx, method, url).catch((error: unknown) =>
				failInternally(res, error),
			);
			return;
		}

		const route = API_ROUTES.get(path);
		const startedAt = core.now();
		res.on('close', () => {
			const status = res.writableFinished ? res.statusCode : 'no-response';
			core.stats.recordRequest(
				route ? path : UNMATCHED_PATH,
				route !== undefined,
				status,
				ctx.tokenId,
				startedAt,
			);
		});

		if (!route || route.method !== method) {
			// Drain the body so the keep-alive connection stays usable.
			req.resume();
			return sendNotFound(res);
		}
		const handling =
			'event' in route
				? handleEventRequest(core, ctx, route.event)
				: Promise.resolve(handleIntrospect(core, ctx, route.introspect));
		void handling.catch((error: unknown) => failInternally(res, error));
	};
}

/** A bug in the emulator, not a simulated fault: say so loudly. */
function failInternally(res: ServerResponse, error: unknown): void {
	console.error('[emulator] internal error:', error);
	send(res, 500, 'text/plain', 'emulator internal error\n');
}
