// Free loopback ports, asked from the OS (never the n8n defaults 5678/5679).
import { createServer } from 'node:net';

const AVOID = new Set([5678, 5679]);

function onePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** `count` distinct free ports on 127.0.0.1. */
export async function freePorts(count: number): Promise<number[]> {
	const ports = new Set<number>();
	while (ports.size < count) {
		const port = await onePort();
		if (!AVOID.has(port)) ports.add(port);
	}
	return [...ports];
}
