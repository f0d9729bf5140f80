import type { INodeType } from 'n8n-workflow';

import {
	getActivityDescriptions,
	getCalendars,
	getExpenseCategories,
	getMatterStages,
	getPracticeAreas,
	getTaskTypes,
	getUsers,
} from './loadOptions';
import { getCustomFieldColumns } from './resourceMapping';
import {
	searchActivities,
	searchCalendarEntries,
	searchCalendars,
	searchContacts,
	searchMatters,
	searchUsers,
} from './listSearch';

/** The editor's dropdowns, searchable lists and the custom field mapper. */
export const methods: INodeType['methods'] = {
	loadOptions: {
		getPracticeAreas,
		getMatterStages,
		getUsers,
		getTaskTypes,
		getActivityDescriptions,
		getExpenseCategories,
		getCalendars,
	},
	listSearch: {
		searchMatters,
		searchContacts,
		searchUsers,
		searchActivities,
		searchCalendarEntries,
		searchCalendars,
	},
	resourceMapping: { getCustomFieldColumns },
};
