import type { FaultRule } from './types.mts';

interface Hold {
	rule: FaultRule;
	left: number;
	release(): void;
}

const matches = (rule: FaultRule, method: string, path: string) =>
	(!rule.method || rule.method.toUpperCase() === method.toUpperCase()) &&
	(typeof rule.path === 'string' ? rule.path === path : rule.path.test(path));

/** Injected failures, matched before normal handling of any request kind. */
export function createFaults() {
	const rules: { rule: FaultRule; left: number }[] = [];
	const holds = new Set<Hold>();
	return {
		add(rule: FaultRule) {
			rules.push({ rule, left: rule.times ?? 1 });
		},
		clear() {
			rules.length = 0;
			for (const hold of holds) hold.release();
		},
		/** Counts an arriving request towards the holds waiting for it. */
		arrived(method: string, path: string) {
			for (const hold of [...holds]) {
				if (matches(hold.rule, method, path) && --hold.left <= 0) hold.release();
			}
		},
		/** Returns (and consumes one use of) the first rule matching the request. */
		take(method: string, path: string, query: URLSearchParams): FaultRule | undefined {
			const i = rules.findIndex(
				({ rule }) =>
					matches(rule, method, path) &&
					Object.entries(rule.query ?? {}).every(([name, value]) => query.get(name) === value),
			);
			if (i < 0) return undefined;
			const hit = rules[i];
			if (--hit.left <= 0) rules.splice(i, 1);
			return hit.rule;
		},
		/** Waits as the rule's `holdUntil` says; true when the awaited requests arrived. */
		async hold(rule: FaultRule): Promise<boolean> {
			const until = rule.holdUntil;
			if (!until) return true;
			let timer: NodeJS.Timeout | undefined;
			const released = await new Promise<boolean>((resolve) => {
				const hold: Hold = {
					rule,
					left: until.requests,
					release: () => {
						holds.delete(hold);
						resolve(true);
					},
				};
				holds.add(hold);
				timer = setTimeout(() => {
					holds.delete(hold);
					resolve(false);
				}, until.timeoutMs ?? 10_000);
			});
			clearTimeout(timer);
			return released;
		},
	};
}

export type Faults = ReturnType<typeof createFaults>;
