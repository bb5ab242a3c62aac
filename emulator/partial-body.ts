import type { EmulatorCore } from './emulator-core';
import type { RequestContext } from './request-context';

/**
 * Faults where a 200 starts normally and then breaks: status and headers promise the whole page
 * (Content-Length included), part of the body goes out, and then the connection dies or hangs.
 * A client sees a body shorter than announced, or a read that never completes.
 */

/** Writes the status, the headers of the whole body and its first half; resolves once flushed. */
function sendFirstHalf(ctx: RequestContext, body: string): Promise<void> {
	const bytes = Buffer.from(body, 'utf8');
	ctx.res.writeHead(200, {
		'Content-Type': 'application/json',
		'Content-Length': String(bytes.length),
	});
	return new Promise((resolve) => {
		ctx.res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => resolve());
	});
}

/** `drop-after-headers`: half the body, then the socket is destroyed. */
export async function sendThenDrop(ctx: RequestContext, body: string): Promise<void> {
	if (ctx.res.headersSent || ctx.res.destroyed) return;
	await sendFirstHalf(ctx, body);
	ctx.req.socket.destroy();
}

/**
 * `stall-body`: half the body, then silence until `stallMs` has passed (or the emulator stops,
 * which cancels the wait), then the socket is destroyed. The body is never completed.
 */
export async function sendThenStall(
	core: EmulatorCore,
	ctx: RequestContext,
	body: string,
	stallMs: number,
): Promise<void> {
	if (ctx.res.headersSent || ctx.res.destroyed) return;
	await sendFirstHalf(ctx, body);
	await core.delay(stallMs);
	ctx.req.socket.destroy();
}
