import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	ACTIVITY_DESCRIPTION_FIELDS,
	CALENDAR_FIELDS,
	EXPENSE_CATEGORY_FIELDS,
	MATTER_STAGE_FIELDS,
	PRACTICE_AREA_FIELDS,
	TASK_TYPE_FIELDS,
} from '../clio/fields';
import { clioApiRequestAllItems } from '../transport/paginate';
import { calendarLabel } from './listSearch';

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

/** The firm's activity descriptions (billing codes for time entries), with their kind of rate. */
export async function getActivityDescriptions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const descriptions = await clioApiRequestAllItems(this, '/activity_descriptions.json', {
		fields: ACTIVITY_DESCRIPTION_FIELDS,
	});
	return descriptions
		.map((description) => {
			const rate = description.rate as IDataObject | null;
			const amount = rate && rate.type !== 'User' && rate.amount !== null ? rate.amount : undefined;
			const flat = description.category_type === 'flat_rate';
			return {
				name: String(description.name),
				value: Number(description.id),
				description:
					amount === undefined
						? 'Billed at the user’s rate'
						: `${flat ? 'Flat rate' : 'Hourly rate'} ${String(amount)}`,
			};
		})
		.sort(byName);
}

/** The firm's expense categories, with the rate per unit an expense of the category gets. */
export async function getExpenseCategories(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const categories = await clioApiRequestAllItems(this, '/expense_categories.json', {
		fields: EXPENSE_CATEGORY_FIELDS,
	});
	return categories
		.map((category) => ({
			name: String(category.name),
			value: Number(category.id),
			description: Number(category.rate)
				? `Rate ${String(category.rate)} per unit`
				: 'No rate: type the price',
		}))
		.sort(byName);
}

/** The calendars the connected user can see (a user's own calendar invites that user). */
export async function getCalendars(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const calendars = await clioApiRequestAllItems(this, '/calendars.json', {
		fields: CALENDAR_FIELDS,
	});
	return calendars
		.map((calendar) => ({ name: calendarLabel(calendar), value: Number(calendar.id) }))
		.sort(byName);
}
