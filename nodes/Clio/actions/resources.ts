import type { ClioOperation, ClioResourceDefinition } from './types';
import { customField } from './customField';
import { matter } from './matter';
import { user } from './user';

/** Every resource of the Clio node, in the order the editor lists them. */
export const resources: ClioResourceDefinition[] = [matter, customField, user];

/** resource value → operation value → operation. */
export const operations: Record<string, Record<string, ClioOperation>> = Object.fromEntries(
	resources.map((resource) => [
		resource.value,
		Object.fromEntries(resource.operations.map((entry) => [entry.value, entry.operation])),
	]),
);
