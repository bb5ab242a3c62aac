/**
 * The far end of the e2e workflows: a local HTTP listener that records every batch an n8n HTTP
 * Request node posts to it. One path per workflow (`/deliveries/<name>`), one request per
 * execution carrying the execution id and every item's uuid; `/errors` receives what the error
 * workflow posts; `/alerts/<detection>` what a detection workflow (examples/detections) sends.
 *
 * `hold(name)` keeps the answers to one workflow's posts back: the batch counts as delivered the
 * moment it arrives (a SIEM has it), while the n8n execution that sent it is still running. That
 * is how the suite kills n8n in the middle of an execution that has already delivered.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DeliveredBatch {
	execution: string;
	uuids: string[];
	receivedAt: number;
	/** False while the sink holds the answer, and for good if the sender died before it came. */
	answered: boolean;
}

/** What a detection workflow's Send alert node posts (the Slack webhook body of examples/detections). */
export interface ReceivedAlert {
	text: string;
	detection: string;
	severity: string;
	subject: string;
	events: string[];
	receivedAt: number;
}

export interface Sink {
	readonly url: string;
	/** Alerts posted to `/alerts/<detection>`, in arrival order. */
	alerts(detection: string): ReceivedAlert[];
	batches(name: string): DeliveredBatch[];
	uuids(name: string): string[];
	errors(): Array<Record<string, unknown>>;
	/** Hold the answers to this workflow's posts (each for at most `maxMs`) until release(). */
	hold(name: string, maxMs: number): void;
	/** Answer what is held for this workflow and stop holding. */
	release(name: string): void;
	stop(): Promise<void>;
}

interface BatchBody {
	execution?: unknown;
	items?: Array<{ uuid?: unknown }>;
}

export async function startSink(): Promise<Sink> {
	const deliveries = new Map<string, DeliveredBatch[]>();
	const errors: Array<Record<string, unknown>> = [];
	const alerts = new Map<string, ReceivedAlert[]>();
	const holds = new Map<string, number>();
	/** Answers held back, per workflow name. */
	const held = new Map<string, Set<() => void>>();
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
			} else if (path.startsWith('/alerts/')) {
				const detection = decodeURIComponent(path.slice('/alerts/'.length));
				const alert = body as Partial<ReceivedAlert>;
				const list = alerts.get(detection) ?? [];
				list.push({
					text: String(alert.text),
					detection: String(alert.detection),
					severity: String(alert.severity),
					subject: String(alert.subject),
					events: Array.isArray(alert.events) ? alert.events.map(String) : [],
					receivedAt: Date.now(),
				});
				alerts.set(detection, list);
			} else if (path.startsWith('/deliveries/')) {
				const name = decodeURIComponent(path.slice('/deliveries/'.length));
				const batch = body as BatchBody;
				const list = deliveries.get(name) ?? [];
				const delivered: DeliveredBatch = {
					execution: String(batch.execution),
					uuids: (batch.items ?? []).map((item) => String(item.uuid)),
					receivedAt: Date.now(),
					answered: false,
				};
				list.push(delivered);
				deliveries.set(name, list);
				const holdMs = holds.get(name);
				if (holdMs !== undefined) {
					const waiting = held.get(name) ?? new Set<() => void>();
					held.set(name, waiting);
					const answer = () => {
						clearTimeout(timer);
						waiting.delete(answer);
						if (response.destroyed || response.writableEnded) return;
						delivered.answered = true;
						response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
					};
					const timer = setTimeout(answer, holdMs);
					waiting.add(answer);
					// The sender died (n8n killed): nothing to answer, and the batch stays unanswered.
					response.once('close', () => {
						clearTimeout(timer);
						waiting.delete(answer);
					});
					return;
				}
				delivered.answered = true;
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
		alerts: (detection) => alerts.get(detection) ?? [],
		batches: (name) => deliveries.get(name) ?? [],
		uuids: (name) => (deliveries.get(name) ?? []).flatMap((batch) => batch.uuids),
		errors: () => errors,
		hold: (name, maxMs) => {
			holds.set(name, maxMs);
		},
		release: (name) => {
			holds.delete(name);
			for (const answer of [...(held.get(name) ?? [])]) answer();
		},
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
