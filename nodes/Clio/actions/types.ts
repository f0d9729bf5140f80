import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** State shared by every item of one execution, e.g. custom field definitions fetched once. */
export interface ExecutionState {
	memo: Map<string, Promise<unknown>>;
}

/** What an operation returns for one input item: plain records, or full items (binary data). */
export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData[];

export interface ClioOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, state: ExecutionState): Promise<OperationResult>;
}

/** Runs `load` once per execution for a key, sharing the promise between items. */
export function memoize<T>(state: ExecutionState, key: string, load: () => Promise<T>): Promise<T> {
	let value = state.memo.get(key) as Promise<T> | undefined;
	if (!value) {
		value = load();
		state.memo.set(key, value);
		value.catch(() => state.memo.delete(key));
	}
	return value;
}

export interface ClioOperationEntry {
	/** The stored parameter value: an interface that saved workflows depend on. */
	value: string;
	name: string;
	action: string;
	description: string;
	operation: ClioOperation;
}

export interface ClioResourceDefinition {
	value: string;
	name: string;
	description: string;
	operations: ClioOperationEntry[];
	/** The operation a new node starts with; the first listed one when not given. */
	defaultOperation?: string;
}
