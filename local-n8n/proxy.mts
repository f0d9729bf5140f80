// The one address in front of n8n's webhook processes, as a load balancer gives it in queue mode.
// `path` routing sends every request for one URL path to the same process (nginx
// `hash $request_uri consistent`, HAProxy `balance uri`); `roundRobin` spreads requests evenly.
import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';

import { freePorts } from './ports.mts';

export type Routing = 'path' | 'roundRobin';

export interface ProxiedRequest {
	path: string;
	/** Index of the backend that received it. */
	backend: number;
	status: number;
	/** SHA-1 of the request body (hex), to tell copies of one delivery apart from others. */
	bodySha1: string;
}

export interface WebhookProxy {
	url: string;
	routing: Routing;
	/** Every request passed on, in arrival order. */
	requests: ProxiedRequest[];
	/** The backend `path` routing sends a URL path to. */
	backendFor(path: string): number;
	setRouting(routing: Routing): void;
	close(): Promise<void>;
}

function pathHash(path: string, backends: number): number {
	return createHash('sha1').update(path).digest().readUInt32BE(0) % backends;
}

export async function startWebhookProxy(
	backendPorts: number[],
	routing: Routing,
): Promise<WebhookProxy> {
	const [port] = await freePorts(1);
	const requests: ProxiedRequest[] = [];
	let next = 0;
	let mode = routing;
	const server: Server = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		const backend =
			mode === 'path' ? pathHash(path, backendPorts.length) : next++ % backendPorts.length;
		const record: ProxiedRequest = { path, backend, status: 0, bodySha1: '' };
		requests.push(record);
		const digest = createHash('sha1');
		req.on('data', (chunk: Buffer) => digest.update(chunk));
		req.on('end', () => (record.bodySha1 = digest.digest('hex')));
		const upstream = request(
			{
				host: '127.0.0.1',
				port: backendPorts[backend],
				method: req.method,
				path: req.url,
				headers: req.headers,
			},
			(answer) => {
				record.status = answer.statusCode ?? 0;
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', (error) => {
			record.status = 502;
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`proxy: ${error.message}`);
		});
		req.pipe(upstream);
	});
	server.keepAliveTimeout = 1_000;
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${port}`,
		get routing() {
			return mode;
		},
		requests,
		backendFor: (path) => pathHash(path, backendPorts.length),
		setRouting(value) {
			mode = value;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
