// 3. Custom Field → Set Values of ten fields on a matter: API requests and time, against a naive
// client sending one PATCH per field.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Clio } from '../nodes/Clio/Clio.node.ts';
import { runNode } from '../test/unit/support/n8n.mts';
import {
	apiRequests,
	assertConforming,
	type Bench,
	benchSandbox,
	clioFetch,
	median,
	met,
	ms,
	ratio,
	type Row,
} from './support.mts';

/** Ten of the sandbox's matter custom fields (every type but contact and matter), as a user types them. */
const VALUES: Record<string, unknown> = {
	'Conflict Checked': 'Yes',
	'Claim Amount': '1250.50',
	'Incident Date': '2026-03-31',
	'Hearing Time': '2:30 PM',
	'Adjuster Email': 'ada@example.com',
	'Court File Count': 42,
	'Referral Source': 'website',
	'Case Summary': 'Rear-end collision.\nPolice report filed.',
	'Court File Number': 'CV-2026-001',
	'Portal Link': 'https://portal.example.com/case/1',
};

interface Measured {
	requests: number;
	ms: number;
}

export const customFields: Bench = {
	id: 3,
	title: 'Requests to write 10 custom fields on one matter',
	method:
		'Clio → Custom Field → Set Values ("Define Below", values keyed by field ID) in n8n-core\'s ExecuteContext, on matters without values; the sandbox log counts API requests. Baseline: the same ten values (taken from the package\'s PATCH body) sent by a fetch loop as one `PATCH /matters/{id}.json` per field. Every matter ends with exactly ten stored values. The package also reads the field definitions once per execution, so a second case writes ten fields on each of ten matters in one execution.',
	async run(ctx) {
		const bed = await benchSandbox({ matters: 240 });
		const { sandbox } = bed;
		try {
			const { store } = sandbox;
			const definitions = [...store.customFields.values()].filter(
				(field) => field.parent_type === 'Matter',
			);
			const value = Object.fromEntries(
				Object.entries(VALUES).map(([name, entry]) => {
					const field = definitions.find((definition) => definition.name === name);
					if (!field) throw new Error(`The sandbox has no matter custom field "${name}"`);
					return [String(field.id), entry];
				}),
			);
			const blank = [...store.matters.values()]
				.filter((matter) => !(matter.custom_field_values as unknown[]).length)
				.map((matter) => matter.id as number);
			const take = () => {
				const id = blank.shift();
				if (id === undefined) throw new Error('The sandbox ran out of matters without values');
				return id;
			};
			const storedCount = (id: number) =>
				(store.matters.get(id)?.custom_field_values as unknown[]).length;
			const parameters = (matterId: number): INodeParameters =>
				({
					resource: 'customField',
					operation: 'setValues',
					parentType: 'matter',
					matterId: { __rl: true, mode: 'id', value: String(matterId) },
					fields: { mappingMode: 'defineBelow', value },
					options: {},
				}) as INodeParameters;

			const viaNode = async (matters: number[]): Promise<Measured & { body: IDataObject[] }> => {
				sandbox.log.clear();
				const started = performance.now();
				await runNode(new Clio(), {
					parameters: (itemIndex) => parameters(matters[itemIndex]),
					credential: bed.credential,
					items: matters.map(() => ({ json: {} })),
				});
				const elapsed = performance.now() - started;
				assertConforming(sandbox, 'Set Values');
				const requests = apiRequests(sandbox);
				const patch = requests.find((request) => request.method === 'PATCH');
				for (const id of matters) {
					if (storedCount(id) !== 10) throw new Error(`Matter ${id} has ${storedCount(id)} values`);
				}
				const body = ((patch?.body as IDataObject).data as IDataObject)
					.custom_field_values as IDataObject[];
				return { requests: requests.length, ms: elapsed, body };
			};

			const naive = async (matters: number[], body: IDataObject[]): Promise<Measured> => {
				sandbox.log.clear();
				const started = performance.now();
				for (const id of matters) {
					for (const entry of body) {
						await clioFetch(sandbox, bed.token, 'PATCH', `/matters/${id}.json?fields=id`, {
							data: { custom_field_values: [entry] },
						});
					}
				}
				const elapsed = performance.now() - started;
				assertConforming(sandbox, 'naive PATCH per field');
				for (const id of matters) {
					if (storedCount(id) !== 10) throw new Error(`Matter ${id} has ${storedCount(id)} values`);
				}
				return { requests: apiRequests(sandbox).length, ms: elapsed };
			};

			const rows: Row[] = [];
			for (const matterCount of [1, 10]) {
				const ours: Measured[] = [];
				const theirs: Measured[] = [];
				for (let run = 0; run < ctx.runs; run++) {
					const mine = Array.from({ length: matterCount }, take);
					const result = await viaNode(mine);
					ours.push(result);
					const other = Array.from({ length: matterCount }, take);
					theirs.push(await naive(other, result.body));
				}
				const requests = median(ours.map((r) => r.requests));
				const naiveRequests = median(theirs.map((r) => r.requests));
				const time = median(ours.map((r) => r.ms));
				const naiveTime = median(theirs.map((r) => r.ms));
				const perMatter = requests / matterCount;
				rows.push({
					measurement: '3. Set 10 custom fields',
					case:
						matterCount === 1
							? '1 matter (1 item)'
							: `${matterCount} matters (10 items, 1 execution)`,
					package: `${requests} req${matterCount > 1 ? ` (${perMatter.toFixed(1)}/matter)` : ''} (${ms(time)})`,
					baseline: `${naiveRequests} req (${ms(naiveTime)})`,
					ratio: `${ratio(requests / naiveRequests)} req, ${ratio(time / naiveTime)} time`,
					target: '2 req/matter (read + 1 PATCH)',
					met: `${met(perMatter <= 2)}${perMatter > 2 ? ' (+1 definitions read per execution)' : ''}`,
					runs: ctx.runs,
				});
			}
			return rows;
		} finally {
			await sandbox.close();
		}
	},
};
