import type { INodeType } from 'n8n-workflow';

import { getMatterStages, getPracticeAreas, getTaskTypes, getUsers } from './loadOptions';
import { getCustomFieldColumns } from './resourceMapping';
import { searchContacts, searchMatters, searchUsers } from './listSearch';

/** The editor's dropdowns, searchable lists and the custom field mapper. */
export const methods: INodeType['methods'] = {
	loadOptions: { getPracticeAreas, getMatterStages, getUsers, getTaskTypes },
	listSearch: { searchMatters, searchContacts, searchUsers },
	resourceMapping: { getCustomFieldColumns },
};
