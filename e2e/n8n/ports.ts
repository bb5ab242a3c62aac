import net from 'node:net';

function tryListen(port: number): Promise<number | null> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(null));
		server.listen(port, '127.0.0.1', () => {
			const chosen = (server.address() as net.AddressInfo).port;
			server.close(() => resolve(chosen));
		});
	});
}

/** The preferred port on 127.0.0.1 if it is free, else any free one the OS hands out. */
export async function freePort(preferred = 0): Promise<number> {
	if (preferred > 0) {
		const port = await tryListen(preferred);
		if (port !== null) return port;
	}
	const port = await tryListen(0);
	if (port === null) throw new Error('no free TCP port on 127.0.0.1');
	return port;
}
