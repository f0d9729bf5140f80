import type { ClioOperation, ClioResourceDefinition } from './types';
import { activity } from './activity';
import { calendarEntry } from './calendarEntry';
import { bill } from './bill';
import { communication } from './communication';
import { contact } from './contact';
import { customField } from './customField';
import { document } from './document';
import { documentTemplate } from './documentTemplate';
import { folder } from './folder';
import { matter } from './matter';
import { note } from './note';
import { relationship } from './relationship';
import { task } from './task';
import { user } from './user';

/** Every resource of the Clio node, in the order the editor lists them. */
export const resources: ClioResourceDefinition[] = [
	matter,
	customField,
	contact,
	relationship,
	task,
	note,
	activity,
	calendarEntry,
	communication,
	bill,
	folder,
	document,
	documentTemplate,
	user,
];

/** resource value → operation value → operation. */
export const operations: Record<string, Record<string, ClioOperation>> = Object.fromEntries(
	resources.map((resource) => [
		resource.value,
		Object.fromEntries(resource.operations.map((entry) => [entry.value, entry.operation])),
	]),
);
