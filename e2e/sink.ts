/**
 * The far end of the e2e workflows: a local HTTP listener that records every batch an n8n HTTP
 * Request node posts to it. One path per workflow (`/deliveries/<name>`), one request per
 * execution carrying the execution id and every item's uuid; `/errors` receives what the error
 * workflow posts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DeliveredBatch {
	execution: string;
	uuids: string[];
	receivedAt: number;
}

export interface Sink {
	readonly url: string;
	batches(name: string): DeliveredBatch[];
	uuids(name: string): string[];
	errors(): Array<Record<string, unknown>>;
	stop(): Promise<void>;
}

interface BatchBody {
	execution?: unknown;
	items?: Array<{ uuid?: unknown }>;
}

export async function startSink(): Promise<Sink> {
	const deliveries = new Map<string, DeliveredBatch[]>();
	const errors: Array<Record<string, unknown>> = [];
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			let body: unknown;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				response.writeHead(400).end('not JSON');
				return;
			}
			const path = request.url ?? '';
			if (path === '/errors') {
				errors.push(body as Record<string, unknown>);
			} else if (path.startsWith('/deliveries/')) {
				const name = decodeURIComponent(path.slice('/deliveries/'.length));
				const batch = body as BatchBody;
				const list = deliveries.get(name) ?? [];
				list.push({
					execution: String(batch.execution),
					uuids: (batch.items ?? []).map((item) => String(item.uuid)),
					receivedAt: Date.now(),
				});
				deliveries.set(name, list);
			} else {
				response.writeHead(404).end();
				return;
			}
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		batches: (name) => deliveries.get(name) ?? [],
		uuids: (name) => (deliveries.get(name) ?? []).flatMap((batch) => batch.uuids),
		errors: () => errors,
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
