import { recordFields, type SandboxContext } from '../context.mts';
import { common, int, str, textMatch } from '../filters.mts';
import type { Rec } from '../store.mts';

/** Practice areas (api-facts §9.9): `name`, `code`, `category`. */
export function register(ctx: SandboxContext): void {
	const { store, views, respond } = ctx;

	views.define('PracticeArea', 'practice_areas', (p: Rec) => ({
		fields: {
			...recordFields(p),
			name: p.name,
			code: p.code,
			category: p.category,
		},
	}));

	ctx.route('GET', '/practice_areas.json', (req) => {
		const q = req.query;
		const name = str(q, 'name');
		const code = str(q, 'code');
		const matterId = int(q, 'matter_id');
		const matterArea = matterId ? store.matters.get(matterId)?.practice_area_id : undefined;
		const list = common(store.practiceAreas.values(), q).filter(
			(p) =>
				textMatch(name, p.name) &&
				(!code || p.code === code) &&
				(matterId === undefined || p.id === matterArea),
		);
		return respond.list(req, list, (p) => views.of('PracticeArea', p));
	});

	ctx.showRoute('PracticeArea', 'practice_areas');
}
