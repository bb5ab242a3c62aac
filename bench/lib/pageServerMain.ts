/**
 * The throughput drains' server, run as a child process by pageServer.ts. It speaks the Events
 * API's request and response shape (`POST /api/v2/<type>` with `{limit, start_time}` or
 * `{cursor}`, answering `{cursor, has_more, items}`), but every page is rendered once, before
 * anything is timed: the records come from the project's emulator (same generator, same fields
 * and sizes), are serialised to one Buffer per page, status line and headers included, and then
 * only served from memory. A cursor is just the index of the next page. HTTP/1.1 is spoken
 * directly on the socket (keep-alive, Content-Length, nothing else): node:http's per-request
 * objects cost the server about as much again as writing the page. So answering a page is one
 * small JSON.parse and one writev, and the server stays off the drain's critical path; its CPU
 * time is read through the admin API (process.cpuUsage, microseconds) so every drain can prove it.
 *
 *   node --import tsx bench/lib/pageServerMain.ts --backlog itemusages=100000,auditevents=10000
 *
 * Admin API (not counted): GET /admin/cpu, GET /admin/stats, POST /admin/reset-stats,
 * POST /admin/window {events}, POST /admin/tokens, GET /admin/process.
 * The trigger's poll sends no other request (the token's scope is read from the token itself);
 * anything else is answered 404 and makes the benchmark stop, so a new request cannot go unseen.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

import { startEmulator } from '../../emulator';
import type { EventType } from '../../emulator';

const PAGE_SIZE = 1000;
const PAGE_TYPES: EventType[] = ['itemusages', 'signinattempts', 'auditevents'];
/** Real cursors are long opaque strings; these are as long, so static data has a real size. */
const CURSOR_PADDING = 'x'.repeat(96);

interface Stream {
	/** `[...items...]}` of each full page, rendered once. */
	items: Buffer[];
	/** Pages served before the stream says it is over (set per backlog by /admin/window). */
	visible: number;
}

function parseBacklog(argv: string[]): Map<EventType, number> {
	const index = argv.indexOf('--backlog');
	const backlog = new Map<EventType, number>();
	for (const part of (argv[index + 1] ?? '').split(',')) {
		const [type, count] = part.split('=');
		if (!PAGE_TYPES.includes(type as EventType) || !(Number(count) > 0))
			throw new Error(`--backlog: bad entry "${part}"`);
		if (Number(count) % PAGE_SIZE !== 0)
			throw new Error(`--backlog: ${type} must be a multiple of ${PAGE_SIZE}`);
		backlog.set(type as EventType, Number(count));
	}
	return backlog;
}

const cursorFor = (type: EventType, page: number): string => `${type}.${page}.${CURSOR_PADDING}`;

function pageIndexOf(type: EventType, cursor: string): number | undefined {
	const [cursorType, page] = cursor.split('.');
	const index = Number(page);
	return cursorType === type && Number.isInteger(index) && index >= 0 ? index : undefined;
}

/** Reads every page of the emulator's backlog once and keeps each page's items as bytes. */
async function renderPages(backlog: Map<EventType, number>): Promise<{
	streams: Map<EventType, Stream>;
	issueToken: () => string;
	bytes: number;
}> {
	const emulator = await startEmulator({
		port: 0,
		backlog: Object.fromEntries(backlog),
		rateLimit: false,
		live: false,
	});
	const token = emulator.issueToken();
	const streams = new Map<EventType, Stream>();
	let bytes = 0;
	try {
		for (const [type, count] of backlog) {
			const items: Buffer[] = [];
			let body = JSON.stringify({ limit: PAGE_SIZE, start_time: '2000-01-01T00:00:00Z' });
			for (;;) {
				const response = await fetch(`${emulator.url}/api/v2/${type}`, {
					method: 'POST',
					headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
					body,
				});
				const text = await response.text();
				if (response.status !== 200)
					throw new Error(`emulator: HTTP ${response.status} ${text.slice(0, 200)}`);
				const page = JSON.parse(text) as { items: unknown[]; cursor: string; has_more: boolean };
				if (page.items.length > 0) {
					if (page.items.length !== PAGE_SIZE)
						throw new Error(`emulator served a page of ${page.items.length}`);
					// The emulator writes {"items":[...],"cursor":...}: keep its items text as it is.
					const end = text.lastIndexOf('],"cursor":"');
					if (!text.startsWith('{"items":[') || end < 0)
						throw new Error('the emulator’s page no longer starts with its items');
					const rendered = Buffer.from(`${text.slice('{"items":'.length, end + 1)}}`);
					bytes += rendered.length;
					items.push(rendered);
				}
				if (!page.has_more) break;
				body = JSON.stringify({ cursor: page.cursor });
			}
			if (items.length * PAGE_SIZE !== count)
				throw new Error(`emulator served ${items.length * PAGE_SIZE} of ${count} ${type}`);
			streams.set(type, { items, visible: items.length });
		}
	} finally {
		await emulator.stop();
	}
	// Tokens are signed locally: the emulator's token authority works after its server closed.
	return { streams, issueToken: () => emulator.issueToken(), bytes };
}

const REASONS: Record<number, string> = {
	200: 'OK',
	400: 'Bad Request',
	401: 'Unauthorized',
	404: 'Not Found',
	413: 'Payload Too Large',
};
/** Requests are small JSON bodies; anything larger is a mistake. */
const MAX_REQUEST_BYTES = 64 * 1024;

function responseHead(status: number, contentLength: number): string {
	return `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\nKeep-Alive: timeout=60\r\n\r\n`;
}

function sendJson(socket: Socket, status: number, value: unknown): void {
	const text = JSON.stringify(value);
	socket.write(`${responseHead(status, Buffer.byteLength(text))}${text}`);
}

interface Request {
	method: string;
	path: string;
	authorization: string;
	body: string;
}

/**
 * Takes every complete request off the front of `pending` (keep-alive, pipelining) and returns
 * what is left. Only what the clients here send is understood: Content-Length bodies.
 */
function takeRequests(pending: Buffer, handle: (request: Request) => void): Buffer {
	let rest = pending;
	for (;;) {
		const headEnd = rest.indexOf('\r\n\r\n');
		if (headEnd < 0) return rest;
		const lines = rest.toString('latin1', 0, headEnd).split('\r\n');
		const [method = '', target = ''] = lines[0].split(' ');
		let length = 0;
		let authorization = '';
		for (const line of lines.slice(1)) {
			const colon = line.indexOf(':');
			const name = line.slice(0, colon).trim().toLowerCase();
			const value = line.slice(colon + 1).trim();
			if (name === 'content-length') length = Number(value);
			else if (name === 'authorization') authorization = value;
			else if (name === 'transfer-encoding') length = Number.NaN;
		}
		if (!Number.isInteger(length) || length > MAX_REQUEST_BYTES)
			throw new Error(`unsupported request body (${lines[0]})`);
		const end = headEnd + 4 + length;
		if (rest.length < end) return rest;
		handle({
			method,
			path: target.split('?')[0],
			authorization,
			body: rest.toString('utf8', headEnd + 4, end),
		});
		rest = rest.subarray(end);
	}
}

async function main(): Promise<void> {
	const backlog = parseBacklog(process.argv.slice(2));
	const renderStarted = process.hrtime.bigint();
	const { streams, issueToken, bytes } = await renderPages(backlog);
	const renderSeconds = Number(process.hrtime.bigint() - renderStarted) / 1e9;
	// Status line, headers and the page's own head, per page and per has_more: serving a page
	// then allocates nothing.
	const heads = new Map<EventType, Buffer[][]>();
	for (const [type, stream] of streams) {
		heads.set(
			type,
			[false, true].map((hasMore) =>
				stream.items.map((items, page) => {
					const json = `{"cursor":"${cursorFor(type, page + 1)}","has_more":${hasMore},"items":`;
					return Buffer.from(`${responseHead(200, Buffer.byteLength(json) + items.length)}${json}`);
				}),
			),
		);
	}
	const byPath = new Map<string, Map<number, number>>();
	const count = (path: string, status: number): void => {
		let statuses = byPath.get(path);
		if (!statuses) byPath.set(path, (statuses = new Map()));
		statuses.set(status, (statuses.get(status) ?? 0) + 1);
	};

	const servePage = (socket: Socket, path: string, type: EventType, body: string) => {
		const stream = streams.get(type);
		let request: { cursor?: unknown; limit?: unknown };
		try {
			request = JSON.parse(body) as typeof request;
		} catch {
			request = {};
		}
		let page: number | undefined;
		if (typeof request.cursor === 'string') page = pageIndexOf(type, request.cursor);
		else if (request.limit === PAGE_SIZE) page = 0;
		if (!stream || page === undefined) {
			count(path, 400);
			return sendJson(socket, 400, {
				Error: { Message: `bench page server: no pages of ${PAGE_SIZE} for ${body}` },
			});
		}
		count(path, 200);
		if (page >= stream.visible) {
			// Past the last page: nothing new, the same cursor comes back (as the real API does).
			return sendJson(socket, 200, {
				cursor: cursorFor(type, stream.visible),
				has_more: false,
				items: [],
			});
		}
		const head = (heads.get(type) as Buffer[][])[page + 1 < stream.visible ? 1 : 0][page];
		socket.cork();
		socket.write(head);
		socket.write(stream.items[page]);
		socket.uncork();
	};

	const admin = (socket: Socket, { method, path, body }: Request): void => {
		switch (`${method} ${path}`) {
			case 'GET /admin/cpu':
				return sendJson(socket, 200, process.cpuUsage());
			case 'GET /admin/stats':
				return sendJson(
					socket,
					200,
					Object.fromEntries(
						[...byPath].map(([key, statuses]) => [key, Object.fromEntries(statuses)]),
					),
				);
			case 'POST /admin/reset-stats':
				byPath.clear();
				return sendJson(socket, 200, {});
			case 'POST /admin/window': {
				const events = Number((JSON.parse(body) as { events?: unknown }).events);
				if (!(events > 0) || events % PAGE_SIZE !== 0)
					return sendJson(socket, 400, { error: `bad window ${body}` });
				for (const stream of streams.values())
					stream.visible = Math.min(stream.items.length, events / PAGE_SIZE);
				return sendJson(socket, 200, {
					visible: Object.fromEntries(
						[...streams].map(([type, stream]) => [type, stream.visible * PAGE_SIZE]),
					),
				});
			}
			case 'POST /admin/tokens':
				return sendJson(socket, 200, { token: issueToken() });
			case 'GET /admin/process':
				return sendJson(socket, 200, {
					rss: process.memoryUsage.rss(),
					heapUsed: process.memoryUsage().heapUsed,
				});
			default:
				return sendJson(socket, 404, { error: `${method} ${path}` });
		}
	};

	const handle = (socket: Socket, request: Request): void => {
		const { method, path, authorization, body } = request;
		if (!path.startsWith('/api/')) return admin(socket, request);
		const type = /^\/api\/v2\/([a-z]+)$/.exec(path)?.[1] as EventType | undefined;
		const authorised = authorization.startsWith('Bearer ');
		if (method !== 'POST' || !type || !authorised) {
			count(path, authorised ? 404 : 401);
			return sendJson(socket, authorised ? 404 : 401, {
				Error: { Message: `bench page server: ${method} ${path} is not served` },
			});
		}
		servePage(socket, path, type, body);
	};

	const sockets = new Set<Socket>();
	const server = createServer((socket) => {
		sockets.add(socket);
		socket.setNoDelay(true);
		let pending: Buffer = Buffer.alloc(0);
		socket.on('data', (chunk: Buffer) => {
			pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
			try {
				pending = takeRequests(pending, (request) => handle(socket, request));
			} catch (error) {
				sendJson(socket, 413, { error: (error as Error).message });
				socket.end();
			}
		});
		socket.on('error', () => socket.destroy());
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	process.stdout.write(
		`${JSON.stringify({ url: `http://127.0.0.1:${port}`, renderSeconds, bytes, backlog: Object.fromEntries(backlog) })}\n`,
	);
	process.on('SIGTERM', () => {
		for (const socket of sockets) socket.destroy();
		server.close(() => process.exit(0));
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
