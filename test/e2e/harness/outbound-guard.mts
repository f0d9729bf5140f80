// An HTTP(S) proxy on loopback for n8n's outbound requests (HTTPS_PROXY/HTTP_PROXY): it passes on
// requests to 127.0.0.1 and refuses, and records, every other destination. n8n's community-package
// installer also asks registry.npmjs.org and api.n8n.io directly; with this guard those requests
// fail at once instead of leaving the machine.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

export interface OutboundGuard {
	url: string;
	/** Hosts (host:port) n8n tried to reach outside loopback, in order; all refused. */
	refused: string[];
	/** Environment for n8n: every outbound request goes through the guard. */
	env(): Record<string, string>;
	close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function hostOf(hostPort: string): string {
	return hostPort.replace(/:\d+$/, '');
}

export async function startOutboundGuard(): Promise<OutboundGuard> {
	const refused: string[] = [];
	const server: Server = createServer((req, res) => {
		// Plain HTTP through a proxy: the request line carries the absolute URL.
		let target: URL;
		try {
			target = new URL(req.url ?? '');
		} catch {
			res.writeHead(400).end();
			return;
		}
		if (!LOOPBACK.has(target.hostname)) {
			refused.push(target.host);
			res.writeHead(403, { 'content-type': 'text/plain' }).end('no internet in the test suite');
			return;
		}
		const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => res.writeHead(502).end());
		req.pipe(upstream);
	});
	server.on('connect', (req, socket, head) => {
		const target = req.url ?? '';
		if (!LOOPBACK.has(hostOf(target))) {
			refused.push(target);
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		const [host, port] = [hostOf(target), Number(target.split(':').pop())];
		const upstream = connect(port, host, () => {
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(socket);
			socket.pipe(upstream);
		});
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		refused,
		env: () => ({
			HTTP_PROXY: url,
			HTTPS_PROXY: url,
			http_proxy: url,
			https_proxy: url,
			NO_PROXY: '127.0.0.1,localhost',
			no_proxy: '127.0.0.1,localhost',
		}),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
