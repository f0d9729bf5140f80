import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { errors } from './errors.mts';
import type { Query } from './types.mts';

/**
 * The official Clio OpenAPI 3.0 document is the contract: every /api/v4 request is resolved to
 * one of its operations and checked against the declared parameters and request body.
 */

type Json = Record<string, any>;

export interface SpecParam {
	name: string;
	in: string;
	required?: boolean;
	description?: string;
	schema?: Json;
}

export interface Operation {
	/** e.g. 'GET /matters/{id}.json' — the key resources register their handlers under. */
	key: string;
	method: string;
	specPath: string;
	pathParams: string[];
	queryParams: Map<string, SpecParam>;
	/** Response resource schema name (e.g. 'Matter'), used for `fields`. */
	resource?: string;
	requestSchema?: Json;
	regex: RegExp;
	/** Literal segments rank before templated ones (`/users/who_am_i` before `/users/{id}`). */
	templated: number;
}

let specCache: Json | undefined;

export function loadSpec(): Json {
	specCache ??= JSON.parse(
		readFileSync(join(import.meta.dirname, '..', 'fixtures', 'clio-openapi.json'), 'utf8'),
	) as Json;
	return specCache;
}

export function resolveRef(ref: string): Json {
	const name = ref.split('/').pop() as string;
	return loadSpec().components.schemas[name] as Json;
}

function schemaNameOf(schema: Json | undefined): string | undefined {
	const ref = schema?.$ref ?? schema?.items?.$ref;
	return typeof ref === 'string' ? (ref.split('/').pop() as string) : undefined;
}

/** 'Matter_List' / 'Matter_Show' → 'Matter'. */
function responseResource(op: Json): string | undefined {
	for (const status of ['200', '201']) {
		const content = op.responses?.[status]?.content;
		if (!content) continue;
		const schema = (Object.values(content)[0] as Json | undefined)?.schema;
		const wrapper = schemaNameOf(schema);
		if (!wrapper) continue;
		const data = loadSpec().components.schemas[wrapper]?.properties?.data;
		return schemaNameOf(data) ?? wrapper;
	}
	return undefined;
}

function escapeRegex(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let operationsCache: Operation[] | undefined;

export function operations(): Operation[] {
	if (operationsCache) return operationsCache;
	const ops: Operation[] = [];
	for (const [specPath, item] of Object.entries(loadSpec().paths as Json)) {
		// api-facts §1.2: spec paths end in `.json`, clients also call them without it.
		const bare = specPath.replace(/\.json$/, '');
		const pathParams: string[] = [];
		const pattern = bare
			.split(/(\{[^}]+\})/)
			.map((part) => {
				const m = /^\{([^}]+)\}$/.exec(part);
				if (!m) return escapeRegex(part);
				pathParams.push(m[1]);
				return '([^/]+?)';
			})
			.join('');
		for (const [method, op] of Object.entries(item as Json)) {
			if (method === 'parameters') continue;
			const params = [...((item as Json).parameters ?? []), ...((op as Json).parameters ?? [])]
				.map((p: Json) => (p.$ref ? resolveRef(p.$ref) : p) as SpecParam)
				.filter((p) => p.in === 'query');
			const body = (op as Json).requestBody?.content?.['application/json']?.schema;
			ops.push({
				key: `${method.toUpperCase()} ${specPath}`,
				method: method.toUpperCase(),
				specPath,
				pathParams,
				queryParams: new Map(params.map((p) => [p.name, p])),
				resource: responseResource(op as Json),
				requestSchema: body,
				regex: new RegExp(`^${pattern}(?:\\.json)?$`),
				templated: pathParams.length,
			});
		}
	}
	ops.sort((a, b) => a.templated - b.templated);
	operationsCache = ops;
	return ops;
}

export function findOperation(method: string, apiPath: string) {
	let pathKnown = false;
	for (const op of operations()) {
		const m = op.regex.exec(apiPath);
		if (!m) continue;
		pathKnown = true;
		if (op.method !== method) continue;
		const params: Record<string, string> = {};
		op.pathParams.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
		return { op, params };
	}
	return { op: undefined, pathKnown };
}

/** Query strings as Clio reads them: `ids[]=1&ids[]=2` → { 'ids[]': ['1','2'] }. */
export function parseQuery(search: URLSearchParams): Query {
	const out: Query = {};
	for (const [key, value] of search) {
		const prev = out[key];
		if (key.endsWith('[]')) out[key] = [...((prev as string[] | undefined) ?? []), value];
		else if (prev === undefined) out[key] = value;
		else out[key] = [...(Array.isArray(prev) ? prev : [prev]), value];
	}
	return out;
}

/**
 * Enum overrides where Clio accepts more than the spec lists.
 * api-facts §9.5 CONFLICT: Notes GET `type` is documented as Matter|Contact but Clio (4.0.10+)
 * wants lowercase; both are accepted here.
 * api-facts §7.1: `parent_type` is documented lowercase; capitalised values work too.
 */
const enumOverrides: Record<string, Record<string, string[]>> = {
	'GET /notes.json': { type: ['Matter', 'Contact', 'matter', 'contact'] },
	'GET /custom_fields.json': { parent_type: ['matter', 'contact', 'Matter', 'Contact'] },
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function acceptsNullKeyword(p: SpecParam): boolean {
	return /keyword `?null`? to match/i.test(p.description ?? '');
}

function checkParam(op: Operation, p: SpecParam, value: string): string | undefined {
	const schema = p.schema ?? {};
	const bad = `Invalid value for parameter '${p.name}': ${JSON.stringify(value)}`;
	if (p.name === 'limit') {
		// api-facts §3.3: limit ranges 1–200.
		const n = Number(value);
		return /^\d+$/.test(value) && n >= 1 && n <= 200
			? undefined
			: `${bad} (limit must be between 1 and 200)`;
	}
	if (schema.type === 'integer') {
		return /^-?\d+$/.test(value) || (value === 'null' && acceptsNullKeyword(p)) ? undefined : bad;
	}
	if (schema.type === 'number') return Number.isFinite(Number(value)) ? undefined : bad;
	if (schema.type === 'boolean') return value === 'true' || value === 'false' ? undefined : bad;
	const allowed = enumOverrides[op.key]?.[p.name] ?? (schema.enum as string[] | undefined);
	if (allowed) {
		if (p.name === 'custom_field_values') return undefined; // the enum lists operators, see §7.4
		if (allowed.some((e) => e.endsWith('DATE'))) {
			// open_date[]=>=2024-01-01 style filters (api-facts §5.4)
			return /^(>=|<=|=|>|<)?\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : bad;
		}
		// api-facts §5.3: the status filter accepts a comma list (`status=open,pending`).
		return value.split(',').every((v) => allowed.includes(v))
			? undefined
			: `${bad} (expected one of ${allowed.join(', ')})`;
	}
	if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return bad;
	if (schema.format === 'date' && !DATE.test(value)) return bad;
	return undefined;
}

/** Returns the list of violations of the operation's declared query parameters. */
export function validateQuery(op: Operation, query: Query): string[] {
	const problems: string[] = [];
	for (const [key, raw] of Object.entries(query)) {
		// `custom_field_values[123]=…` is the declared `custom_field_values` parameter (§7.4).
		const name = /^([a-z_]+)\[\d+\]$/.exec(key)?.[1] ?? key;
		const p = op.queryParams.get(name);
		if (!p) {
			// api-facts §3.3: no `page`/`page[number]`/`offset` style parameters on this spec.
			problems.push(`An invalid argument was supplied: '${key}' is not a valid parameter`);
			continue;
		}
		if (key === 'fields') continue; // checked by the fields parser
		for (const v of Array.isArray(raw) ? raw : [raw]) {
			const problem = checkParam(op, p, v);
			if (problem) problems.push(problem);
		}
	}
	for (const p of op.queryParams.values()) {
		if (p.required && query[p.name] === undefined) {
			problems.push(`Missing required parameter '${p.name}'`);
		}
	}
	return problems;
}

// ---- request bodies ------------------------------------------------------------------------

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv: `nullable` becomes a type union, objects reject
 * attributes the spec does not declare, and the documented exceptions are applied.
 */
function toJsonSchema(s: unknown, propName?: string): unknown {
	if (Array.isArray(s)) return s.map((x) => toJsonSchema(x));
	if (!s || typeof s !== 'object') return s;
	const src = s as Json;
	const out: Json = {};
	for (const [k, v] of Object.entries(src)) {
		if (k === 'nullable') continue;
		if (k === 'properties') {
			out.properties = Object.fromEntries(
				Object.entries(v as Json).map(([name, sub]) => [name, toJsonSchema(sub, name)]),
			);
		} else if (k === 'items' || k === 'additionalProperties' || k === 'not') {
			out[k] = toJsonSchema(v);
		} else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') {
			out[k] = (v as unknown[]).map((x) => toJsonSchema(x));
		} else {
			out[k] = v;
		}
	}
	const nullable =
		src.nullable === true ||
		(propName === 'id' &&
			/keyword `?null`? to specify no association/i.test(src.description ?? ''));
	if (nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
	if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
	if (propName === 'custom_field_values' && out.items?.properties) {
		const props = out.items.properties as Json;
		// api-facts §7.3 CONFLICT: the spec types the value-instance id as int64, real ids are
		// composite strings ("text_line-12"); values are strings, numbers or booleans per type.
		if (props.id) props.id = { type: ['integer', 'string'] };
		props.value = { type: ['string', 'number', 'boolean', 'null'] };
	}
	return out;
}

/** Documented deviations of Clio's behaviour from the spec's request schemas. */
const bodyOverrides: Record<string, (schema: Json) => void> = {
	// api-facts §9.5: the spec marks both `matter` and `contact` required on a Note; only the one
	// matching `type` is needed (checked by the notes resource).
	'POST /notes.json': (schema) => {
		schema.properties.data.required = ['type'];
	},
	// api-facts §9.1: the spec requires `name`, but a Person is created from first_name/last_name
	// (the contacts resource enforces the Person/Company name rules with 422s).
	'POST /contacts.json': (schema) => {
		schema.properties.data.required = ['type'];
	},
	// api-facts §8.2: a webhook's `model` is also accepted as its numeric id; other names get Clio's
	// ArgumentError from the webhooks resource.
	'POST /webhooks.json': webhookModel,
	'PATCH /webhooks/{id}.json': webhookModel,
};

function webhookModel(schema: Json): void {
	schema.properties.data.properties.model = { type: ['string', 'integer'] };
}

const ajv = new Ajv({
	strict: false,
	allErrors: true,
	formats: {
		date: DATE,
		'date-time': { validate: (v: string) => !Number.isNaN(Date.parse(v)) },
		int32: true,
		int64: true,
		double: true,
		float: true,
	},
});
const validators = new Map<string, ValidateFunction>();

function describe(e: ErrorObject): string {
	const at = e.instancePath || '(body)';
	if (e.keyword === 'additionalProperties') {
		return `${at}: '${(e.params as Json).additionalProperty}' is not a permitted attribute`;
	}
	if (e.keyword === 'enum') {
		return `${at} must be one of ${((e.params as Json).allowedValues as unknown[]).join(', ')}`;
	}
	return `${at} ${e.message ?? 'is invalid'}`;
}

/** Validates a JSON request body; returns the violations (empty when conformant). */
export function validateBody(op: Operation, body: unknown): string[] {
	if (!op.requestSchema) return [];
	let validate = validators.get(op.key);
	if (!validate) {
		const schema = toJsonSchema(op.requestSchema) as Json;
		bodyOverrides[op.key]?.(schema);
		validate = ajv.compile(schema);
		validators.set(op.key, validate);
	}
	return validate(body) ? [] : (validate.errors ?? []).map(describe);
}

export function bodyError(problems: string[]) {
	const err = errors.invalidBody(`Invalid request body: ${problems.join('; ')}`);
	err.violations = problems;
	return err;
}
