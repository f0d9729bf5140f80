// Where Debian puts the Redis and PostgreSQL server binaries (plain JS for install-services.mjs).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The redis-server binary, or undefined when Redis is not installed. */
export function redisServer() {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) => existsSync(file));
}

/** The newest PostgreSQL's bin folder (with initdb and postgres), or undefined. */
export function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((name) => existsSync(join(root, name, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? join(root, versions[0], 'bin') : undefined;
}
