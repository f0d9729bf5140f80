// The scripted chat model that stands in for OpenAI in the AI-assistant example: it calls the
// tools it is given for the matter in the question, then answers from what they returned.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { reply } from '../sandbox/resources/chat-model.mts';

const TOOLS = ['Get_Matter', 'Get_Matter_Tasks'].map((name) => ({
	type: 'function',
	function: {
		name,
		parameters: { type: 'object', properties: { matter_id: { type: 'number' } } },
	},
}));
const QUESTION = { role: 'user', content: 'What is the status of matter 16, and its tasks?' };

/** The conversation after the model called both tools and they answered these texts. */
function answered(matter: string, tasks: string) {
	const calls = reply({ messages: [QUESTION], tools: TOOLS }).tool_calls ?? [];
	assert.deepEqual(
		calls.map((call) => [call.function.name, JSON.parse(call.function.arguments)]),
		[
			['Get_Matter', { matter_id: 16 }],
			['Get_Matter_Tasks', { matter_id: 16 }],
		],
	);
	const [matterCall, tasksCall] = calls;
	// The tasks answer first: the answer still starts with the matter.
	return (
		reply({
			messages: [
				QUESTION,
				{ role: 'assistant', content: null, tool_calls: calls },
				{ role: 'tool', tool_call_id: tasksCall.id, content: tasks },
				{ role: 'tool', tool_call_id: matterCall.id, content: matter },
			],
			tools: TOOLS,
		}).content ?? ''
	);
}

const MATTER = JSON.stringify({
	id: 16,
	display_number: '00016-Lee',
	description: 'Lease dispute',
	status: 'Open',
	matter_stage: { name: 'Discovery' },
});

describe('sandbox chat model', () => {
	it('answers with the matter, then each task', () => {
		const tasks = JSON.stringify([
			{ name: 'Call client', status: 'pending', due_at: '2026-12-01T09:00:00Z' },
			{ name: 'Draft motion', status: 'complete' },
		]);
		assert.equal(
			answered(MATTER, tasks),
			[
				'Here is what Clio shows:',
				'Matter 00016-Lee (Lease dispute) is Open, stage "Discovery".',
				'- Call client (pending), due 2026-12-01T09:00:00Z',
				'- Draft motion (complete)',
			].join('\n'),
		);
	});

	it('says which tool found nothing instead of an empty text', () => {
		for (const empty of ['', '""', '[]']) {
			assert.equal(
				answered(MATTER, empty),
				[
					'Here is what Clio shows:',
					'Matter 00016-Lee (Lease dispute) is Open, stage "Discovery".',
					'- nothing found by Get Matter Tasks',
				].join('\n'),
				`tool answer ${JSON.stringify(empty)}`,
			);
		}
	});

	it('passes on a tool’s error message', () => {
		const text = answered(
			MATTER,
			'There was an error: "The resource you are requesting could not be found"',
		);
		assert.match(
			text,
			/\nThere was an error: "The resource you are requesting could not be found"$/,
		);
	});
});
