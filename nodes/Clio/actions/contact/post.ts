import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CONTACT_FIELDS } from '../../clio/fields';
import { asNodeError } from '../../transport/errors';
import type { ExecutionState } from '../types';
import { recordRequest } from '../common/records';

const PERSON_NEEDS_NAME = 'contact.personNeedsName';

// api-facts §9.1 CONFLICT: the spec requires `name` on every contact, while a public report says
// Clio refuses `name` on a Person. A person is sent with first and last name only; a 422 that asks
// for the name (it created nothing) is answered once more with `name` added, and the rest of the
// execution sends it at once.
function asksForName(error: unknown): boolean {
	const { httpCode, message } = (error ?? {}) as { httpCode?: unknown; message?: unknown };
	const text = String(message ?? '');
	return (
		String(httpCode) === '422' &&
		/\bname\b/i.test(text) &&
		/blank|required|missing|empty/i.test(text) &&
		!/first name|last name|first_name|last_name/i.test(text)
	);
}

function withFullName(body: IDataObject): IDataObject {
	const full = [body.first_name, body.last_name].filter(Boolean).join(' ');
	return { ...body, name: full };
}

async function post(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): Promise<IDataObject> {
	return await recordRequest(ctx, itemIndex, {
		method: 'POST',
		path: '/contacts.json',
		fields: CONTACT_FIELDS,
		body,
	});
}

/** Creates a contact, working under either reading of the `name` rule for people. */
export async function postContact(
	ctx: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
	body: IDataObject,
): Promise<IDataObject> {
	const isPerson = body.type === 'Person' && body.name === undefined;
	if (isPerson && state.memo.has(PERSON_NEEDS_NAME))
		return await post(ctx, itemIndex, withFullName(body));
	try {
		return await post(ctx, itemIndex, body);
	} catch (error) {
		if (!isPerson || !asksForName(error)) throw asNodeError(ctx, error, itemIndex);
		state.memo.set(PERSON_NEEDS_NAME, Promise.resolve(true));
		return await post(ctx, itemIndex, withFullName(body));
	}
}
