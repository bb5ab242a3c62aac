/**
 * A loopback TCP relay in front of PostgreSQL that the suite can cut: the workers reach the
 * database through it, the main directly, so one side of the cluster loses the database while the
 * other keeps it (a network partition, or a worker's pool exhausted by a broken connection). Cut,
 * every open connection is reset and new ones are refused at once (accepted, then reset), which is
 * what a process sees when a host's database becomes unreachable.
 */
import net from 'node:net';

export interface TcpProxy {
	readonly port: number;
	/** Resets every connection through the relay and refuses new ones until restore(). */
	cut(): void;
	restore(): void;
	close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
	const open = new Set<net.Socket>();
	let isCut = false;
	const server = net.createServer((client) => {
		if (isCut) {
			client.resetAndDestroy();
			return;
		}
		const upstream = net.connect(targetPort, targetHost);
		open.add(client);
		open.add(upstream);
		const drop = () => {
			client.destroy();
			upstream.destroy();
			open.delete(client);
			open.delete(upstream);
		};
		client.on('error', drop).on('close', drop);
		upstream.on('error', drop).on('close', drop);
		client.pipe(upstream);
		upstream.pipe(client);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		port,
		cut: () => {
			isCut = true;
			for (const socket of open) socket.resetAndDestroy();
			open.clear();
		},
		restore: () => {
			isCut = false;
		},
		close: async () => {
			for (const socket of open) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
