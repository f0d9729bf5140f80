// Builders for the small linear workflows the scenarios use, and readers for execution output.
import { randomUUID } from 'node:crypto';
import type { Execution, WorkflowDefinition, WorkflowNode } from '../../../local-n8n/types.mts';

export type NodeSpec = Omit<WorkflowNode, 'position' | 'id'> & { id?: string };

/** Nodes connected one after the other (main output 0 → main input 0). */
export function chain(name: string, nodes: NodeSpec[]): WorkflowDefinition {
	const connections: WorkflowDefinition['connections'] = {};
	nodes.forEach((node, index) => {
		const next = nodes[index + 1];
		if (next) connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	});
	return {
		name,
		nodes: nodes.map((node, index) => ({
			id: node.id ?? randomUUID(),
			...node,
			position: [index * 220, 0],
		})),
		connections,
	};
}

export function manualTrigger(name = 'Manual Trigger'): NodeSpec {
	return { name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
}

/** Production URL: `${n8n.webhookBaseUrl}/${path}`. Answers when the last node has run. */
export function webhookTrigger(path: string, name = 'Webhook'): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
	};
}

export function httpRequest(url: string, name = 'HTTP Request'): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { method: 'GET', url, options: {} },
	};
}

/** A node using a credential: `credentials: { [type]: { id, name } }`. */
export function withCredential(node: NodeSpec, type: string, id: string, name: string): NodeSpec {
	return { ...node, credentials: { ...node.credentials, [type]: { id, name } } };
}

/** JSON items a node produced on its first run (main output 0). */
export function nodeOutput(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const run = execution.data?.resultData?.runData?.[nodeName]?.[0];
	return (run?.data?.main?.[0] ?? []).map((item) => item.json);
}

/** The execution's error message (workflow-level or of the first failing node), if any. */
export function executionError(execution: Execution): string | undefined {
	const resultData = execution.data?.resultData;
	if (resultData?.error?.message) return resultData.error.message;
	for (const [node, runs] of Object.entries(resultData?.runData ?? {})) {
		const failed = runs.find((run) => run.error);
		if (failed?.error) return `${node}: ${failed.error.message ?? JSON.stringify(failed.error)}`;
	}
	return undefined;
}
