import type { FaultRule } from './types.mts';

/** Injected failures, matched before normal handling of any request kind. */
export function createFaults() {
	const rules: { rule: FaultRule; left: number }[] = [];
	return {
		add(rule: FaultRule) {
			rules.push({ rule, left: rule.times ?? 1 });
		},
		clear() {
			rules.length = 0;
		},
		/** Returns (and consumes one use of) the first rule matching the request. */
		take(method: string, path: string): FaultRule | undefined {
			const i = rules.findIndex(
				({ rule }) =>
					(!rule.method || rule.method.toUpperCase() === method.toUpperCase()) &&
					(typeof rule.path === 'string' ? rule.path === path : rule.path.test(path)),
			);
			if (i < 0) return undefined;
			const hit = rules[i];
			if (--hit.left <= 0) rules.splice(i, 1);
			return hit.rule;
		},
	};
}

export type Faults = ReturnType<typeof createFaults>;
