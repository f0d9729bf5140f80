import { recordFields, type SandboxContext } from '../context.mts';
import { common, int } from '../filters.mts';
import type { Rec } from '../store.mts';

/** Matter stages (api-facts §5.5): ordered per practice area, read-only in the spec. */
export function register(ctx: SandboxContext): void {
	const { store, views, respond } = ctx;

	views.define('MatterStage', 'matter_stages', (s: Rec) => ({
		fields: {
			...recordFields(s),
			name: s.name,
			order: s.order,
			practice_area_id: s.practice_area_id,
		},
	}));

	ctx.route('GET', '/matter_stages.json', (req) => {
		const area = int(req.query, 'practice_area_id');
		const list = common(store.matterStages.values(), req.query).filter(
			(s) => area === undefined || s.practice_area_id === area,
		);
		return respond.list(req, list, (s) => views.of('MatterStage', s));
	});
}
