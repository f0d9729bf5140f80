// A tiny recording HTTP server on 127.0.0.1 for scenarios that need n8n to call something.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

export interface Loopback {
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

/** Answers every request with 200 and `reply(request)` as JSON (default `{ ok: true }`). */
export async function startLoopback(
	reply: (request: RecordedRequest) => unknown = () => ({ ok: true }),
): Promise<Loopback> {
	const requests: RecordedRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const recorded: RecordedRequest = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(recorded);
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(reply(recorded)));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
