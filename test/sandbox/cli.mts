import { type Sandbox, startSandbox } from './index.mts';

/**
 * `npm run sandbox [-- --port 8787] [--seed 1] [--matters 1000]`; the port also from
 * CLIO_SANDBOX_PORT. Without either it takes 8787, or any free port while 8787 is in use (by the
 * sandbox `npm start` runs, for example).
 */
const DEFAULT_PORT = 8787;

function option(name: string): number | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : undefined;
}

function inUse(error: unknown): boolean {
	return (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE';
}

async function start(): Promise<Sandbox> {
	const fromEnv = process.env.CLIO_SANDBOX_PORT ? Number(process.env.CLIO_SANDBOX_PORT) : undefined;
	const chosen = option('port') ?? fromEnv;
	const settings = { seed: option('seed'), matters: option('matters') };
	try {
		return await startSandbox({ ...settings, port: chosen ?? DEFAULT_PORT });
	} catch (error) {
		if (!inUse(error)) throw error;
		if (chosen !== undefined) {
			console.error(
				`Port ${chosen} is in use. Choose another with --port or CLIO_SANDBOX_PORT, or stop what runs there.`,
			);
			process.exit(1);
		}
		const sandbox = await startSandbox({ ...settings, port: 0 });
		console.log(
			`Port ${DEFAULT_PORT} is in use (\`npm start\` runs its own sandbox there); this one takes another port.`,
		);
		return sandbox;
	}
}

async function main() {
	const sandbox = await start();
	const tokens = sandbox.issueTokens();
	console.log(`Clio Manage sandbox listening on ${sandbox.url}`);
	console.log(`  API base:      ${sandbox.apiBase}`);
	console.log(`  Authorize URL: ${sandbox.url}/oauth/authorize`);
	console.log(`  Token URL:     ${sandbox.url}/oauth/token`);
	console.log(`  Client ID:     ${sandbox.clientId}`);
	console.log(`  Client secret: ${sandbox.clientSecret}`);
	console.log(`  Access token:  ${tokens.access_token}`);
	console.log(`  Refresh token: ${tokens.refresh_token}`);
	console.log(
		`Try: curl -H "Authorization: Bearer ${tokens.access_token}" "${sandbox.apiBase}/users/who_am_i.json?fields=id,name"`,
	);
	console.log('Press Ctrl-C to stop.');
	const stop = () => {
		sandbox.close().finally(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
