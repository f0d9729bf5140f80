// Clio's query strings: arrays as repeated `name[]=` pairs (api-facts §3.4, e.g. `ids[]`), and no
// empty parameters, since Clio validates every parameter it receives.
export type QueryValue = string | number | boolean | Array<string | number> | undefined | null;

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
	if (!query) return '';
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(query)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value)) {
			const key = name.endsWith('[]') ? name : `${name}[]`;
			for (const entry of value) params.append(key, String(entry));
		} else {
			params.append(name, String(value));
		}
	}
	const text = params.toString();
	return text ? `?${text}` : '';
}
