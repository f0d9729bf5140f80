import type { LogEntry, LogFilter } from './types.mts';

export interface RequestLog {
	entries: LogEntry[];
	clear(): void;
	/** Entries that did not conform to the Clio API (unknown parameters, bad bodies, …). */
	violations(): LogEntry[];
	count(filter?: Partial<LogFilter>): number;
}

function matches(entry: LogEntry, filter: Partial<LogFilter>): boolean {
	if (filter.method && entry.method.toUpperCase() !== filter.method.toUpperCase()) return false;
	if (filter.kind && entry.kind !== filter.kind) return false;
	if (filter.status !== undefined && entry.status !== filter.status) return false;
	if (filter.path !== undefined) {
		if (
			typeof filter.path === 'string' ? entry.path !== filter.path : !filter.path.test(entry.path)
		) {
			return false;
		}
	}
	return true;
}

export function createLog(): RequestLog {
	const entries: LogEntry[] = [];
	return {
		entries,
		clear: () => {
			entries.length = 0;
		},
		violations: () => entries.filter((e) => e.violations.length > 0),
		count: (filter = {}) => entries.filter((e) => matches(e, filter)).length,
	};
}
