import type { IncomingMessage, ServerResponse } from 'node:http';

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	if (body === undefined || status === 204 || status === 304) {
		res.writeHead(status, headers);
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': String(Buffer.byteLength(text)),
		...headers,
	});
	res.end(text);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** Best-effort decoding of a request body for the log. */
export function decodeBody(contentType: string | undefined, body: Buffer): unknown {
	if (body.length === 0) return undefined;
	const type = contentType ?? '';
	if (type.includes('json')) {
		try {
			return JSON.parse(body.toString('utf8'));
		} catch {
			return body.toString('utf8');
		}
	}
	if (type.includes('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
	}
	return `<${body.length} bytes>`;
}
