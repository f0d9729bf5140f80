// `npm run sandbox`: the port comes from --port, else CLIO_SANDBOX_PORT; a port chosen that way
// and already taken is refused with a way out, instead of a stack trace.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

const started: ChildProcess[] = [];

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
	const server = createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as { port: number };
	server.close();
	await once(server, 'close');
	return port;
}

/** Runs the sandbox command until it prints its address or exits; resolves to what it printed. */
async function runSandbox(
	args: string[],
	env: Record<string, string>,
): Promise<{ output: string; code: number | null }> {
	const child = spawn(TSX, ['test/sandbox/cli.mts', '--matters', '5', ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	started.push(child);
	let output = '';
	return await new Promise((resolve) => {
		const collect = (chunk: Buffer) => {
			output += chunk.toString();
			if (/listening on http:\/\/\S+/.test(output)) resolve({ output, code: null });
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		child.on('exit', (code) => resolve({ output, code }));
	});
}

const listening = (output: string) => output.match(/listening on (http:\/\/\S+)/)?.[1];

describe('npm run sandbox: its port', () => {
	let held: Server | undefined;

	after(async () => {
		for (const child of started) if (child.exitCode === null) child.kill('SIGTERM');
		held?.close();
	});

	it('listens on CLIO_SANDBOX_PORT, and answers there', async () => {
		const port = await freePort();
		const { output } = await runSandbox([], { CLIO_SANDBOX_PORT: String(port) });
		const url = listening(output);
		assert.equal(url, `http://127.0.0.1:${port}`, output);
		const response = await fetch(`${url}/api/v4/users/who_am_i.json`);
		assert.equal(response.status, 401, 'the API is there and asks for a token');
	});

	it('prefers --port to CLIO_SANDBOX_PORT', async () => {
		const [port, other] = [await freePort(), await freePort()];
		const { output } = await runSandbox(['--port', String(port)], {
			CLIO_SANDBOX_PORT: String(other),
		});
		assert.equal(listening(output), `http://127.0.0.1:${port}`, output);
	});

	it('refuses a chosen port that is taken, saying how to choose another', async () => {
		held = createServer();
		held.listen(0, '127.0.0.1');
		await once(held, 'listening');
		const { port } = held.address() as { port: number };
		const { output, code } = await runSandbox([], { CLIO_SANDBOX_PORT: String(port) });
		assert.equal(code, 1, output);
		assert.match(output, new RegExp(`Port ${port} is in use.*--port or CLIO_SANDBOX_PORT`));
	});
});
