import type { ServerResponse } from 'node:http';

import type { SandboxContext } from '../context.mts';
import { sendJson } from '../http.mts';

/**
 * A stand-in for an OpenAI-compatible chat model, so that an AI Agent using the Clio node as a
 * tool runs offline against the sandbox. An OpenAI credential whose Base URL is `<sandbox>/v1`
 * reaches it: `POST /v1/chat/completions` (plain JSON, or server-sent events with `stream`) and
 * `GET /v1/models` for the model list of the editor.
 *
 * It is scripted, not clever: asked a question with a number in it, it calls every tool it is
 * offered once, filling the tools' number parameters with that number; given the tools' results,
 * it answers with the facts found in them (matter number, description, status, stage, names), the
 * matter first, and says which tool found nothing.
 * Requests are logged with kind `other`.
 */

export const CHAT_MODEL_ID = 'clio-sandbox-assistant';

type Json = Record<string, any>;

interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

interface Reply {
	content: string | null;
	tool_calls?: ToolCall[];
}

/** Text of a message's content: a string, or an array of `{ type: 'text', text }` parts. */
function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
	}
	return '';
}

/** Arguments for a tool: its number parameters get `value`, other required ones a plain default. */
function argumentsFor(parameters: Json | undefined, value: number): Json {
	const args: Json = {};
	const required = new Set<string>(parameters?.required ?? []);
	for (const [name, schema] of Object.entries<Json>(parameters?.properties ?? {})) {
		const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
		if (type === 'number' || type === 'integer') args[name] = value;
		else if (!required.has(name)) continue;
		else if (type === 'boolean') args[name] = false;
		else args[name] = String(value);
	}
	return args;
}

function records(value: unknown): Json[] {
	if (Array.isArray(value)) return value.flatMap(records);
	if (value && typeof value === 'object') {
		const json = value as Json;
		// n8n may wrap a tool's items as `{ json }` or a single `{ response }` field.
		if (json.json && typeof json.json === 'object') return records(json.json);
		if (typeof json.response === 'string') return records(parse(json.response));
		if (Array.isArray(json.response)) return records(json.response);
		return [json];
	}
	return [];
}

function parse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function describe(record: Json): string | undefined {
	if (record.display_number) {
		const stage = record.matter_stage?.name ? `, stage "${record.matter_stage.name}"` : '';
		const about = record.description ? ` (${record.description})` : '';
		return `Matter ${record.display_number}${about} is ${record.status ?? 'of unknown status'}${stage}.`;
	}
	if (record.name) {
		const status = record.status ? ` (${record.status})` : '';
		const due = record.due_at ? `, due ${record.due_at}` : '';
		return `- ${record.name}${status}${due}`;
	}
	return undefined;
}

/** The tools called so far, by call id: a result names its call, not its tool. */
function toolNames(messages: Json[]): Map<string, string> {
	const names = new Map<string, string>();
	for (const message of messages) {
		for (const call of message.tool_calls ?? []) names.set(call.id, call.function?.name ?? '');
	}
	return names;
}

/**
 * The final answer: the matter first, then the other records found, each tool's in the order the
 * tools answered; a tool that found nothing is named, so an empty list reads as "none".
 */
function summary(messages: Json[], results: Json[]): string {
	const names = toolNames(messages);
	const matters: string[] = [];
	const others: string[] = [];
	for (const result of results) {
		const text = textOf(result.content);
		const found = records(parse(text)).map(describe).filter(Boolean) as string[];
		if (found.length) {
			for (const line of found) (line.startsWith('Matter ') ? matters : others).push(line);
		} else if (parse(text) !== undefined || text.trim() === '') {
			const tool = (names.get(result.tool_call_id) ?? 'a tool').replace(/_/g, ' ');
			others.push(`- nothing found by ${tool}`);
		} else {
			others.push(text.slice(0, 300));
		}
	}
	return `Here is what Clio shows:\n${[...matters, ...others].join('\n')}`;
}

let callSeq = 0;

export function reply(request: Json): Reply {
	const messages: Json[] = Array.isArray(request.messages) ? request.messages : [];
	const lastUser = messages.map((message) => message.role).lastIndexOf('user');
	const question = lastUser >= 0 ? textOf(messages[lastUser].content) : '';
	const results = messages.slice(lastUser + 1).filter((message) => message.role === 'tool');
	if (results.length) return { content: summary(messages, results) };
	const tools: Json[] = (Array.isArray(request.tools) ? request.tools : []).filter(
		(tool) => tool?.type === 'function' && tool.function?.name,
	);
	const number = /\b(\d+)\b/.exec(question)?.[1];
	if (!tools.length) return { content: 'I can answer only with the Clio tools I am given.' };
	if (!number) return { content: 'Which matter do you mean? Please give the matter’s ID.' };
	return {
		content: null,
		tool_calls: tools.map((tool) => ({
			id: `call_${++callSeq}`,
			type: 'function',
			function: {
				name: tool.function.name,
				arguments: JSON.stringify(argumentsFor(tool.function.parameters, Number(number))),
			},
		})),
	};
}

function usage(request: Json, answer: Reply) {
	const prompt = Math.ceil(JSON.stringify(request.messages ?? []).length / 4);
	const completion = Math.ceil(JSON.stringify(answer).length / 4);
	return {
		prompt_tokens: prompt,
		completion_tokens: completion,
		total_tokens: prompt + completion,
	};
}

function streamReply(res: ServerResponse, id: string, model: string, answer: Reply): void {
	res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
	const chunk = (delta: Json, finish: string | null) =>
		res.write(
			`data: ${JSON.stringify({
				id,
				object: 'chat.completion.chunk',
				created: Math.floor(Date.now() / 1000),
				model,
				choices: [{ index: 0, delta, finish_reason: finish }],
			})}\n\n`,
		);
	chunk({ role: 'assistant', content: answer.content ?? '' }, null);
	if (answer.tool_calls) {
		chunk({ tool_calls: answer.tool_calls.map((call, index) => ({ index, ...call })) }, null);
	}
	chunk({}, answer.tool_calls ? 'tool_calls' : 'stop');
	res.end('data: [DONE]\n\n');
}

export function register(ctx: SandboxContext): void {
	ctx.raw('GET', '/v1/models', 'other', (_req, res) =>
		sendJson(res, 200, {
			object: 'list',
			data: [{ id: CHAT_MODEL_ID, object: 'model', created: 0, owned_by: 'clio-sandbox' }],
		}),
	);
	ctx.raw('POST', '/v1/chat/completions', 'other', (_req, res, body) => {
		const request = parse(body.toString('utf8'));
		if (!request || typeof request !== 'object') {
			sendJson(res, 400, {
				error: { message: 'The body is not JSON', type: 'invalid_request_error' },
			});
			return;
		}
		const json = request as Json;
		const answer = reply(json);
		const id = `chatcmpl-sandbox-${++callSeq}`;
		const model = typeof json.model === 'string' ? json.model : CHAT_MODEL_ID;
		if (json.stream) {
			streamReply(res, id, model, answer);
			return;
		}
		sendJson(res, 200, {
			id,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model,
			choices: [
				{
					index: 0,
					message: { role: 'assistant', ...answer },
					finish_reason: answer.tool_calls ? 'tool_calls' : 'stop',
					logprobs: null,
				},
			],
			usage: usage(json, answer),
		});
	});
}
