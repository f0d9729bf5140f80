// The example workflows as they open in the n8n editor: every node readable (no node on another,
// no sticky note over a node), every Clio node ready for a credential, every name once.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const PACKAGE = 'n8n-nodes-clio-manage.';
const STICKY = 'n8n-nodes-base.stickyNote';
const GRID = 20;
// n8n's canvas draws a node 96 px square, an AI sub-node (model, tool) 80 px, and a node that
// takes sub-nodes (the AI Agent) 224 px wide; the name goes below the box. Rounded up to the grid,
// with room for a two-line name under each box.
const BOX = { node: [100, 100], subNode: [80, 80], withSubNodes: [240, 100] } as const;
const NAME_BELOW = 40;
// A sticky note without its own size is drawn 240 × 160.
const STICKY_SIZE = [240, 160];

interface WorkflowNode {
	name: string;
	type: string;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string; name?: string }>;
}

interface Workflow {
	nodes: WorkflowNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string }> | null>>>;
}

interface Rect {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

const overlap = (a: Rect, b: Rect) =>
	a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function rect([x, y]: [number, number], [width, height]: readonly number[]): Rect {
	return { left: x, top: y, right: x + width, bottom: y + height };
}

/** The box of a node and the name under it, by the kind of connections it has. */
function footprint(workflow: Workflow, node: WorkflowNode): Rect {
	const outputs = Object.keys(workflow.connections[node.name] ?? {});
	const isSubNode = outputs.length > 0 && outputs.every((type) => type !== 'main');
	const takesSubNodes = Object.values(workflow.connections).some((byType) =>
		Object.entries(byType).some(
			([type, outputs]) =>
				type !== 'main' && outputs.some((targets) => targets?.some((t) => t.node === node.name)),
		),
	);
	const size = isSubNode ? BOX.subNode : takesSubNodes ? BOX.withSubNodes : BOX.node;
	const box = rect(node.position, size);
	return { ...box, bottom: box.bottom + NAME_BELOW };
}

const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));

describe('example workflows on the canvas', () => {
	it('are all checked', () => assert.ok(files.length >= 5, files.join(', ')));

	for (const file of files) {
		const workflow = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Workflow;
		const stickies = workflow.nodes.filter((node) => node.type === STICKY);
		const nodes = workflow.nodes.filter((node) => node.type !== STICKY);

		describe(file, () => {
			it('gives every node and sticky note its own name', () => {
				const names = workflow.nodes.map((node) => node.name);
				assert.deepEqual(
					names.filter((name, index) => names.indexOf(name) !== index),
					[],
				);
			});

			it('places every node on the 20-px grid', () => {
				for (const node of workflow.nodes) {
					assert.ok(
						node.position.every((value) => value % GRID === 0),
						`${node.name} at ${node.position.join(',')}`,
					);
				}
			});

			it('puts no node on another, names included', () => {
				for (const [index, a] of nodes.entries()) {
					for (const b of nodes.slice(index + 1)) {
						assert.ok(
							!overlap(footprint(workflow, a), footprint(workflow, b)),
							`"${a.name}" (${a.position.join(',')}) and "${b.name}" (${b.position.join(',')}) overlap`,
						);
					}
				}
			});

			it('covers no node with a sticky note', () => {
				for (const sticky of stickies) {
					const width = Number(sticky.parameters.width ?? STICKY_SIZE[0]);
					const height = Number(sticky.parameters.height ?? STICKY_SIZE[1]);
					const note = rect(sticky.position, [width, height]);
					for (const node of nodes) {
						assert.ok(
							!overlap(note, footprint(workflow, node)),
							`"${sticky.name}" covers "${node.name}" (${node.position.join(',')})`,
						);
					}
				}
			});

			it('has a credential slot on every Clio node', () => {
				const clioNodes = nodes.filter((node) => node.type.startsWith(PACKAGE));
				assert.ok(clioNodes.length > 0, 'the example uses the Clio nodes');
				for (const node of clioNodes) {
					const credential = node.credentials?.clioOAuth2Api;
					assert.ok(credential?.name, `"${node.name}" names a Clio OAuth2 API credential`);
				}
			});

			it('connects only nodes it has', () => {
				const names = new Set(nodes.map((node) => node.name));
				for (const [source, byType] of Object.entries(workflow.connections)) {
					assert.ok(names.has(source), `connection from unknown "${source}"`);
					for (const targets of Object.values(byType).flat()) {
						for (const target of targets ?? []) {
							assert.ok(names.has(target.node), `connection to unknown "${target.node}"`);
						}
					}
				}
			});
		});
	}
});
