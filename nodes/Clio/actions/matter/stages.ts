import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MATTER_STAGE_FIELDS } from '../../clio/fields';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { clioApiRequest } from '../../transport/request';
import { type ExecutionState, memoize } from '../types';

export function stagesOfPracticeArea(
	ctx: IExecuteFunctions,
	state: ExecutionState,
	practiceAreaId: number,
): Promise<IDataObject[]> {
	return memoize(state, `stages:${practiceAreaId}`, () =>
		clioApiRequestAllItems(ctx, '/matter_stages.json', {
			fields: MATTER_STAGE_FIELDS,
			practice_area_id: practiceAreaId,
		}),
	);
}

/**
 * Clio only accepts a stage of the matter's own practice area (a 422 otherwise, api-facts §5.5);
 * this checks it first and names the stages that would be accepted.
 */
export async function assertStageFitsPracticeArea(
	ctx: IExecuteFunctions,
	state: ExecutionState,
	itemIndex: number,
	stageId: number,
	practiceAreaId: number | undefined,
	matterId?: number,
): Promise<void> {
	let areaId = practiceAreaId;
	if (areaId === undefined && matterId !== undefined) {
		const matter = await clioApiRequest<{ data: IDataObject }>(ctx, {
			method: 'GET',
			path: `/matters/${matterId}.json`,
			query: { fields: 'id,practice_area{id,name}' },
			itemIndex,
		});
		areaId = (matter.data.practice_area as IDataObject | null)?.id as number | undefined;
	}
	if (areaId === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Matter Stage: stage ${stageId} needs a practice area`,
			{
				itemIndex,
				description:
					'In Clio a stage belongs to a practice area. Set the matter’s Practice Area as well, or pick a stage after choosing one.',
			},
		);
	}
	const stages = await stagesOfPracticeArea(ctx, state, areaId);
	if (stages.some((stage) => stage.id === stageId)) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Matter Stage: stage ${stageId} does not belong to the matter’s practice area (${areaId})`,
		{
			itemIndex,
			description: `Clio only accepts a stage of the matter’s own practice area. Allowed stages: ${
				stages.map((stage) => `"${String(stage.name)}" (${String(stage.id)})`).join(', ') ||
				'none are defined'
			}.`,
		},
	);
}
