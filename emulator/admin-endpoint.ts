import { sendNotFound } from './api-errors';
import { parseDuration } from './duration';
import type { EmulatorCore, InjectInput } from './emulator-core';
import { isEventType } from './event-types';
import { faultProfileByName } from './fault-profiles';
import type { FaultProfile } from './faults';
import { readBody, sendJson } from './http-util';
import type { RequestContext } from './request-context';
import { formatRfc3339Seconds, parseRfc3339 } from './time';
import type { IssueTokenOptions } from './tokens';

/**
 * Test-control API under /admin/. No authentication, so it only answers loopback clients
 * (a CLI started with --host 0.0.0.0 still keeps it local).
 *
 *   POST   /admin/tokens       {features?, expires_in?, audience?, issued_at?} → {token, uuid, ...}
 *   POST   /admin/revoke       {token} | {jti}
 *   POST   /admin/events       {type, count, late?} | {type, records: [...]}
 *   GET    /admin/faults       current queue and profile
 *   POST   /admin/faults       {queue?: [kind | {kind, latencyMs?, retryAfterSeconds?, stallMs?, count?}], profile?: {...} | "flaky" | null}
 *   DELETE /admin/faults       clear queue and profile
 *   GET    /admin/settings     {startTimeBounds, cursorLifetimeMs, timestampStyle, sparseRecords, garbledTokenStatus}
 *   POST   /admin/settings     any of those fields → all settings (nothing changes on a 400)
 *   GET    /admin/stats        (includes eventRequests.peakPer60s: the busiest 60 s of event requests)
 *   POST   /admin/reset-stats
 *   GET    /admin/process     memory and uptime of the emulator process (for benchmarks)
 *   GET    /admin/connect     Connect: {token, fault, unsharedVaults, vaultCount, latencyMs, idCase, stats}
 *   POST   /admin/connect     {fault?: kind | {kind, latencyMs?} | null, unsharedVaults?, resetStats?: true} → as GET
 *                             (validated as a whole: nothing changes on a 400)
 *   DELETE /admin/connect     no fault, the startup unsharedVaults (stats are kept) → as GET
 *
 * Connect's fault kinds: unauthorized, not-found, server-error, down, slow (latencyMs).
 */

class AdminInputError extends Error {}

function isLoopback(address: string | undefined): boolean {
	return (
		address !== undefined &&
		(address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'))
	);
}

async function readJsonObject(ctx: RequestContext): Promise<Record<string, unknown>> {
	const raw = await readBody(ctx.req);
	if (raw.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		throw new AdminInputError('Body is not valid JSON');
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new AdminInputError('Body must be a JSON object');
	return parsed as Record<string, unknown>;
}

function tokenOptionsFrom(body: Record<string, unknown>): IssueTokenOptions {
	const { features, expires_in: expiresIn, audience, issued_at: issuedAt } = body;
	const options: { -readonly [K in keyof IssueTokenOptions]: IssueTokenOptions[K] } = {};
	if (typeof features === 'string')
		options.features = features
			.split(',')
			.map((f) => f.trim())
			.filter(Boolean);
	else if (Array.isArray(features) && features.every((f) => typeof f === 'string'))
		options.features = features as string[];
	else if (features !== undefined)
		throw new AdminInputError('features must be an array of strings or a comma-separated string');

	if (typeof expiresIn === 'number') options.expiresInSeconds = expiresIn;
	else if (typeof expiresIn === 'string') options.expiresInSeconds = parseDuration(expiresIn);
	else if (expiresIn !== undefined && expiresIn !== null)
		throw new AdminInputError('expires_in must be seconds or a duration such as "30d"');

	if (
		typeof audience === 'string' ||
		(Array.isArray(audience) && audience.every((a) => typeof a === 'string'))
	)
		options.audience = audience as string | string[];
	else if (audience !== undefined)
		throw new AdminInputError('audience must be a string or an array of strings');

	if (typeof issuedAt === 'number') options.issuedAt = issuedAt;
	else if (typeof issuedAt === 'string') {
		const ms = parseRfc3339(issuedAt);
		if (ms === null)
			throw new AdminInputError('issued_at must be an RFC 3339 date-time or milliseconds');
		options.issuedAt = ms;
	} else if (issuedAt !== undefined)
		throw new AdminInputError('issued_at must be an RFC 3339 date-time or milliseconds');
	return options;
}

function injectInputFrom(body: Record<string, unknown>): InjectInput {
	if (Array.isArray(body.records)) return body.records as Record<string, unknown>[];
	if (typeof body.count === 'number') return { count: body.count, late: body.late === true };
	throw new AdminInputError('Send {type, count, late?} or {type, records: [...]}');
}

function faultProfileFrom(value: unknown): FaultProfile | null {
	if (value === null) return null;
	if (typeof value === 'string') return faultProfileByName(value);
	if (typeof value === 'object') return value as FaultProfile;
	throw new AdminInputError('profile must be an object, a profile name or null');
}

function describeConnect(core: EmulatorCore): object {
	return { ...core.connect.describe(), stats: core.connect.stats.snapshot() };
}

async function route(
	core: EmulatorCore,
	ctx: RequestContext,
	method: string,
	path: string,
): Promise<boolean> {
	const ok = (body: unknown): void => sendJson(ctx.res, 200, body);
	switch (`${method} ${path}`) {
		case 'POST /admin/tokens': {
			const { token, claims } = core.issueToken(tokenOptionsFrom(await readJsonObject(ctx)));
			ok({
				token,
				uuid: claims.jti,
				features: claims['1password.com/fts'],
				audience: claims.aud,
				issued_at: formatRfc3339Seconds(claims.iat * 1000),
				expires_at: claims.exp === undefined ? null : formatRfc3339Seconds(claims.exp * 1000),
			});
			return true;
		}
		case 'POST /admin/revoke': {
			const body = await readJsonObject(ctx);
			const target =
				typeof body.token === 'string'
					? body.token
					: typeof body.jti === 'string'
						? body.jti
						: null;
			if (!target) throw new AdminInputError('Send {token} or {jti}');
			ok({ revoked: core.revokeToken(target) });
			return true;
		}
		case 'POST /admin/events': {
			const body = await readJsonObject(ctx);
			if (!isEventType(body.type))
				throw new AdminInputError('type must be itemusages, signinattempts or auditevents');
			const records = core.inject(body.type, injectInputFrom(body));
			// Large injections answer with the count only: echoing a million records helps nobody.
			ok({ injected: records.length, ...(records.length <= 1000 ? { items: records } : {}) });
			return true;
		}
		case 'GET /admin/faults':
			ok(core.faults.describe());
			return true;
		case 'POST /admin/faults': {
			const body = await readJsonObject(ctx);
			if (body.queue === undefined && body.profile === undefined)
				throw new AdminInputError('Send {queue: [...]} and/or {profile: ...}');
			if (body.queue !== undefined) {
				if (!Array.isArray(body.queue)) throw new AdminInputError('queue must be an array');
				core.faults.enqueue(body.queue);
			}
			if (body.profile !== undefined) core.faults.setProfile(faultProfileFrom(body.profile));
			ok(core.faults.describe());
			return true;
		}
		case 'DELETE /admin/faults':
			core.faults.clear();
			ok(core.faults.describe());
			return true;
		case 'GET /admin/settings':
			ok(core.settings.get());
			return true;
		case 'POST /admin/settings':
			ok(core.settings.update(await readJsonObject(ctx)));
			return true;
		case 'GET /admin/stats':
			ok(core.stats.snapshot());
			return true;
		case 'POST /admin/reset-stats':
			core.stats.reset();
			ok(core.stats.snapshot());
			return true;
		case 'GET /admin/connect':
			ok(describeConnect(core));
			return true;
		case 'POST /admin/connect':
			core.connect.update(await readJsonObject(ctx));
			ok(describeConnect(core));
			return true;
		case 'DELETE /admin/connect':
			core.connect.restore();
			ok(describeConnect(core));
			return true;
		case 'GET /admin/process': {
			const { rss, heapUsed, heapTotal } = process.memoryUsage();
			ok({ pid: process.pid, rss, heapUsed, heapTotal, uptimeSeconds: process.uptime() });
			return true;
		}
		default:
			return false;
	}
}

export async function handleAdmin(
	core: EmulatorCore,
	ctx: RequestContext,
	method: string,
	path: string,
): Promise<void> {
	if (!isLoopback(ctx.req.socket.remoteAddress)) {
		sendJson(ctx.res, 403, { error: 'The admin API only answers loopback clients' });
		return;
	}
	try {
		if (!(await route(core, ctx, method, path))) sendNotFound(ctx.res);
	} catch (error) {
		// Validation problems (ours or thrown by the core) are the caller's to fix: 400.
		sendJson(ctx.res, 400, { error: error instanceof Error ? error.message : String(error) });
	}
}
