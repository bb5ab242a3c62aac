/**
 * n8n's public executions API as the trigger's Confirm Delivery reads it, served over real HTTP:
 * `GET /api/v1/executions` (newest first, `workflowId`, `limit`, `status=running`; the default
 * listing leaves out what the main holds in memory as running, as n8n 2.41.1's does) and
 * `GET /api/v1/executions/:id?includeData=true`, behind `X-N8N-API-KEY`. As in n8n 2.41.1, a
 * listing leaves out what the main holds in memory as running, whatever its row says, except
 * `status=running`, which lists rows that say running: an execution held while its row says
 * "new" or "crashed" is in no listing, and only the lookup by id finds it. Tests play n8n's part:
 * they create the execution each batch gets, and move it through the states n8n would.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ExecutionStatus = 'new' | 'running' | 'success' | 'error' | 'crashed' | 'canceled';

export interface FakeExecution {
	id: string;
	workflowId: string;
	mode: string;
	status: ExecutionStatus;
	/** The status in the execution's row. Whether any node ran: the run data n8n saves. */
	ran: boolean;
	error?: string;
	/** Only the trigger is in the run (a worker killed before the next node started). */
	triggerRan?: boolean;
	/** Held by the main as running: the default listing leaves it out. */
	heldInMemory?: boolean;
}

export class ExecutionsApi {
	readonly apiKey = 'n8n-api-key-for-tests';

	readonly executions = new Map<string, FakeExecution>();

	/** Requests answered, by path without the query. */
	requests = 0;

	/** Answers with this status (and counts down) instead of serving, while above 0. */
	private faults: number[] = [];

	private nextId = 1;

	private constructor(
		private readonly server: Server,
		readonly url: string,
	) {}

	static async start(): Promise<ExecutionsApi> {
		const holder: { api?: ExecutionsApi } = {};
		const server = createServer((request, response) =>
			holder.api?.serve(request.url ?? '', request.headers['x-n8n-api-key'], response),
		);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		holder.api = new ExecutionsApi(server, `http://127.0.0.1:${port}/api/v1`);
		return holder.api;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** Another execution of any workflow takes an id (ids are one series across workflows). */
	create(execution: Omit<FakeExecution, 'id'>): FakeExecution {
		const created = { ...execution, id: String(this.nextId++) };
		this.executions.set(created.id, created);
		return created;
	}

	update(id: string, patch: Partial<FakeExecution>): void {
		const execution = this.executions.get(id);
		if (!execution) throw new Error(`no execution ${id}`);
		Object.assign(execution, patch);
	}

	delete(id: string): void {
		this.executions.delete(id);
	}

	/** The next requests fail with these HTTP statuses, in order. */
	failNext(...statuses: number[]): void {
		this.faults.push(...statuses);
	}

	private serve(
		url: string,
		key: string | string[] | undefined,
		response: import('node:http').ServerResponse,
	): void {
		this.requests++;
		const send = (status: number, body: unknown) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		};
		const fault = this.faults.shift();
		if (fault !== undefined) return send(fault, { message: 'fault injected' });
		if (key !== this.apiKey) return send(401, { message: 'unauthorized' });
		const parsed = new URL(url, 'http://localhost');
		const one = /^\/api\/v1\/executions\/([^/]+)$/.exec(parsed.pathname);
		if (one) {
			const execution = this.executions.get(decodeURIComponent(one[1]));
			if (!execution) return send(404, { message: 'Not Found' });
			return send(200, this.render(execution, parsed.searchParams.get('includeData') === 'true'));
		}
		if (parsed.pathname !== '/api/v1/executions') return send(404, { message: 'Not Found' });
		const workflowId = parsed.searchParams.get('workflowId');
		const status = parsed.searchParams.get('status');
		const limit = Number(parsed.searchParams.get('limit') ?? 100);
		const listed = [...this.executions.values()]
			.filter((execution) => !workflowId || execution.workflowId === workflowId)
			.filter((execution) => !status || execution.status === status)
			.filter((execution) => status === 'running' || !execution.heldInMemory)
			.sort((a, b) => Number(b.id) - Number(a.id))
			.slice(0, limit);
		return send(200, {
			data: listed.map((execution) => this.render(execution, false)),
			nextCursor: null,
		});
	}

	private render(execution: FakeExecution, includeData: boolean): object {
		const base = {
			id: execution.id,
			workflowId: execution.workflowId,
			mode: execution.mode,
			status: execution.status,
			finished: execution.status === 'success',
			startedAt: null,
			stoppedAt: null,
		};
		if (!includeData) return base;
		return {
			...base,
			data: {
				resultData: {
					runData: {
						...(execution.triggerRan || execution.ran
							? { '1Password Events Trigger': [{ startTime: 0 }] }
							: {}),
						...(execution.ran ? { 'Post to SIEM': [{ startTime: 0 }] } : {}),
					},
					...(execution.error ? { error: { message: execution.error } } : {}),
				},
			},
		};
	}
}
