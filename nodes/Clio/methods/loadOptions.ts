import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { MATTER_STAGE_FIELDS, PRACTICE_AREA_FIELDS, TASK_TYPE_FIELDS } from '../clio/fields';
import { clioApiRequestAllItems } from '../transport/paginate';

function byName(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return a.name.localeCompare(b.name);
}

export async function getPracticeAreas(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const areas = await clioApiRequestAllItems(this, '/practice_areas.json', { fields: PRACTICE_AREA_FIELDS });
	return areas.map((area) => ({ name: String(area.name), value: Number(area.id) })).sort(byName);
}

function chosenPracticeArea(ctx: ILoadOptionsFunctions): number | undefined {
	for (const collection of ['additionalFields', 'updateFields', 'filters']) {
		const values = ctx.getCurrentNodeParameter(collection) as IDataObject | undefined;
		const id = values?.practice_area ?? values?.practiceAreaId;
		if (id) return Number(id);
	}
	return undefined;
}

/** Stages of the chosen practice area; without one, every stage labelled with its practice area. */
export async function getMatterStages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const practiceAreaId = chosenPracticeArea(this);
	const stages = await clioApiRequestAllItems(this, '/matter_stages.json', {
		fields: MATTER_STAGE_FIELDS,
		practice_area_id: practiceAreaId,
	});
	if (practiceAreaId !== undefined) {
		return stages
			.sort((a, b) => Number(a.order) - Number(b.order))
			.map((stage) => ({ name: String(stage.name), value: Number(stage.id) }));
	}
	const areas = await clioApiRequestAllItems(this, '/practice_areas.json', { fields: 'id,name' });
	const areaName = new Map(areas.map((area) => [String(area.id), String(area.name)]));
	return stages
		.map((stage) => ({
			name: `${areaName.get(String(stage.practice_area_id)) ?? 'Practice area ' + String(stage.practice_area_id)} › ${String(stage.name)}`,
			value: Number(stage.id),
		}))
		.sort(byName);
}

export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const users = await clioApiRequestAllItems(this, '/users.json', { fields: 'id,name', enabled: true });
	return users.map((user) => ({ name: String(user.name), value: Number(user.id) })).sort(byName);
}

/** The firm's task types that are still in use. */
export async function getTaskTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const types = await clioApiRequestAllItems(this, '/task_types.json', { fields: TASK_TYPE_FIELDS, enabled: true });
	return types.map((type) => ({ name: String(type.name), value: Number(type.id) })).sort(byName);
}
