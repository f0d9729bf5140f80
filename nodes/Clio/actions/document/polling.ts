import type { INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/**
 * Asks `attempt` until it gives a result or the time is up: after 1 second, then 1.5 times longer
 * each time, at most every 30 seconds. The last call, at the deadline, is told it is the last.
 */
export async function pollUntil<T>(
	timeoutMs: number,
	attempt: (lastChance: boolean) => Promise<T | undefined>,
): Promise<T | undefined> {
	const deadline = Date.now() + timeoutMs;
	let delay = FIRST_DELAY_MS;
	for (;;) {
		const lastChance = Date.now() >= deadline;
		const result = await attempt(lastChance);
		if (result !== undefined || lastChance) return result;
		await sleep(Math.max(0, Math.min(delay, deadline - Date.now())));
		delay = Math.min(Math.round(delay * 1.5), MAX_DELAY_MS);
	}
}

export function timeoutField(what: string): INodeProperties {
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description: `How long to wait at most for ${what}. Clio is asked again after 1 second, then less and less often (at most every 30 seconds).`,
	};
}
