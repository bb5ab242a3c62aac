import type { IncomingMessage, ServerResponse } from 'node:http';

/** Request bodies are tiny JSON objects; anything bigger is a client bug. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
	constructor() {
		super('Request body too large');
	}
}

export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) chunks.push(chunk);
		});
		req.on('end', () =>
			size > maxBytes
				? reject(new BodyTooLargeError())
				: resolve(Buffer.concat(chunks).toString('utf8')),
		);
		req.on('error', reject);
	});
}

export function send(
	res: ServerResponse,
	status: number,
	contentType: string,
	body: string,
	headers: Record<string, string> = {},
): void {
	if (res.headersSent || res.destroyed) return;
	// Encode once: measuring the string and writing it would each walk ~1 MB for a full page.
	const bytes = Buffer.from(body, 'utf8');
	res.writeHead(status, {
		'Content-Type': contentType,
		'Content-Length': String(bytes.length),
		...headers,
	});
	res.end(bytes);
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	send(
		res,
		status,
		'application/json',
		typeof body === 'string' ? body : JSON.stringify(body),
		headers,
	);
}
