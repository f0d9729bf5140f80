import { startSandbox } from './index.mts';

/** `tsx test/sandbox/cli.ts [--port 8787] [--seed 1] [--matters 1000]` */
function option(name: string): number | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : undefined;
}

async function main() {
	const sandbox = await startSandbox({
		port: option('port') ?? 8787,
		seed: option('seed'),
		matters: option('matters'),
	});
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
