import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { holdsExpression } from '../shared/expressions';

/**
 * Reading parameters without paying for n8n's expression engine on every item.
 *
 * In n8n 2.41 one expression evaluation costs about 0.4-0.5 ms, more than a bulk request's share of the
 * network time. So each parameter's raw value is read once: a value without an expression is the same for
 * every item; an expression that is only a path into the current item (`{{ $json.a.b }}`,
 * `{{ $json["field name"] }}`) is read straight from the item's JSON, which is what n8n would compute;
 * anything else goes through `getNodeParameter` as usual.
 */

export type PathSegment = string | number;

const SEGMENT = /^(?:\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)'|(\d+))\s*\])/;

/** The path of an expression that is nothing but `$json` followed by property accesses, else undefined. */
export function parseJsonPath(raw: string): PathSegment[] | undefined {
	const match = /^=\{\{\s*\$json(.*?)\s*\}\}$/s.exec(raw);
	if (!match) return undefined;
	let rest = match[1];
	const path: PathSegment[] = [];
	while (rest.length > 0) {
		const segment = SEGMENT.exec(rest);
		if (!segment) return undefined;
		const [whole, dotted, doubleQuoted, singleQuoted, index] = segment;
		path.push(index !== undefined ? Number(index) : (dotted ?? doubleQuoted ?? singleQuoted));
		rest = rest.slice(whole.length);
	}
	return path;
}

/** Marks a path this module will not follow itself (n8n evaluates it instead). */
export const NEEDS_N8N = Symbol('needs n8n');

/**
 * Follows a path through plain JSON. Only own properties of objects and arrays are followed: anything
 * else (a property of a string, an inherited name such as `constructor`, a missing parent) is left to
 * n8n so that the result is always exactly n8n's.
 */
export function readPath(json: IDataObject, path: PathSegment[]): unknown {
	let current: unknown = json;
	for (let i = 0; i < path.length; i++) {
		if (typeof current !== 'object' || current === null) return NEEDS_N8N;
		const key = path[i];
		if (Object.prototype.hasOwnProperty.call(current, key)) {
			current = (current as Record<PathSegment, unknown>)[key];
		} else if (i === path.length - 1 && !(key in current)) {
			return undefined;
		} else {
			return NEEDS_N8N;
		}
	}
	return current;
}

function rawValue(parameters: IDataObject, name: string): unknown {
	let current: unknown = parameters;
	for (const part of name.split('.')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as IDataObject)[part];
	}
	return current;
}

/**
 * Whether n8n runs the node as a tool sub-node (agents before version 3, a sub-agent's tools): its input
 * items are then the model's tool arguments, and `$json` is the agent's item.
 */
export function isToolSubNode(context: IExecuteFunctions): boolean {
	return typeof context.isToolExecution === 'function' && context.isToolExecution();
}

/**
 * Whether this run of the node is one tool call of an AI Agent. Agents from version 3 (and the human-review
 * tool) run their tools as ordinary node runs whose `isToolExecution()` is false; n8n (2.8 to 2.41) marks
 * each such run's input item with the model's `toolCallId`.
 */
export function isToolCall(context: IExecuteFunctions, input: IDataObject): boolean {
	return (typeof input.toolCallId === 'string' && input.toolCallId !== '') || isToolSubNode(context);
}

export type ParameterReader<T = unknown> = (itemIndex: number) => T;

/** Hands out one reader per parameter; build it once per execution, call the readers per item. */
export class FastParameters {
	private readonly parameters: IDataObject;
	/** As an AI Agent tool the input items are the tool call, not `$json`: paths are left to n8n. */
	private readonly inputIsJson: boolean;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly items: INodeExecutionData[],
	) {
		// The workflow has already filled in each parameter's description default.
		this.parameters = context.getNode().parameters as IDataObject;
		this.inputIsJson = !isToolSubNode(context);
	}

	/** `name` may be a dotted path into a collection, e.g. `options.callbackData`. */
	reader<T = unknown>(name: string, fallback?: T): ParameterReader<T> {
		const raw = rawValue(this.parameters, name);
		const viaN8n = (itemIndex: number) =>
			this.context.getNodeParameter(name, itemIndex, fallback as never) as T;
		if (raw === undefined) return () => fallback as T;
		if (!holdsExpression(raw)) return () => raw as T;
		if (typeof raw !== 'string') return viaN8n;
		const path = this.inputIsJson ? parseJsonPath(raw) : undefined;
		if (path === undefined) return viaN8n;
		return (itemIndex) => {
			const value = readPath(this.items[itemIndex].json, path);
			return value === NEEDS_N8N ? viaN8n(itemIndex) : (value as T);
		};
	}
}
