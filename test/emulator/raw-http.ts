import { request } from 'node:http';
import type { Emulator } from '../../emulator';

/**
 * A POST that reports what actually arrived, byte by byte, even when the connection dies half-way
 * (fetch would only throw). Not a test file itself.
 */
export interface RawResult {
	readonly status: number;
	readonly headers: Record<string, string | string[] | undefined>;
	/** The body bytes received before the response ended or broke. */
	readonly body: string;
	/** How the response ended: completely, or with the connection closed early. */
	readonly ending: 'complete' | 'aborted';
	/** Milliseconds from sending the request until the response ended or broke. */
	readonly elapsedMs: number;
	/** Milliseconds from sending the request until the first body bytes arrived. */
	readonly firstBytesMs: number | null;
}

export function rawPost(
	emu: Emulator,
	path: string,
	body: unknown,
	token: string,
): Promise<RawResult> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const req = request(
			emu.url + path,
			{
				method: 'POST',
				headers: {
					Authorization: `Bearer ${token}`,
					'Content-Type': 'application/json',
					Connection: 'close',
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				let firstBytesMs: number | null = null;
				let settled = false;
				const finish = (ending: RawResult['ending']): void => {
					if (settled) return;
					settled = true;
					const text = Buffer.concat(chunks).toString('utf8');
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: text,
						ending,
						elapsedMs: Date.now() - started,
						firstBytesMs,
					});
				};
				res.on('data', (chunk: Buffer) => {
					firstBytesMs ??= Date.now() - started;
					chunks.push(chunk);
				});
				res.on('end', () => finish(res.complete ? 'complete' : 'aborted'));
				res.on('aborted', () => finish('aborted'));
				res.on('error', () => finish('aborted'));
				res.on('close', () => finish(res.complete ? 'complete' : 'aborted'));
			},
		);
		req.on('error', reject);
		req.end(JSON.stringify(body));
	});
}
