/**
 * Real n8n execution contexts (n8n-core) around our nodes, with only the parts n8n's server would
 * supply (credential store, HTTP request/response) filled in by the test.
 */
import { DataDeduplicationService, ExecuteContext, WebhookContext } from 'n8n-core';
import type {
	ICheckProcessedContextData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataDeduplicator,
	IDataObject,
	IDeduplicationOutput,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, sleep, Workflow } from 'n8n-workflow';

import { InfobipTikTokApi } from '../../credentials/InfobipTikTokApi.credentials';

export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

export function nodeTypesOf(types: Record<string, INodeType>): INodeTypes {
	return {
		getByName: (name) => types[name],
		getByNameAndVersion: (name) => types[name],
		getKnownTypes: () => ({}),
	} as INodeTypes;
}

/** A minimal node type named `probe`, for tests that need n8n to evaluate something in a node's context. */
export function probeNodeType(
	description: string,
	properties: INodeType['description']['properties'] = [],
	execute?: INodeType['execute'],
): INodeType {
	return {
		description: {
			displayName: 'Probe',
			name: 'probe',
			group: ['transform'],
			version: 1,
			description,
			defaults: { name: 'Probe' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties,
		},
		execute,
	};
}

const CREDENTIAL_TYPES: Record<string, ICredentialType> = { infobipTikTokApi: new InfobipTikTokApi() };

/**
 * What n8n's CredentialsHelper does for a credential with generic authentication: resolve each header
 * expression against the credential's values and add it to the request.
 */
async function applyGenericAuth(
	credentials: ICredentialDataDecryptedObject,
	type: string,
	options: IHttpRequestOptions,
	workflow?: Workflow,
	node?: INode,
): Promise<IHttpRequestOptions> {
	const authenticate = CREDENTIAL_TYPES[type]?.authenticate;
	if (!authenticate || typeof authenticate === 'function' || !workflow || !node) return options;
	const headers = { ...(options.headers ?? {}) } as IDataObject;
	for (const [name, value] of Object.entries(authenticate.properties.headers ?? {})) {
		headers[name] = workflow.expression.getParameterValue(value as string, null, 0, 0, node.name, [], 'internal', {
			$credentials: credentials,
		}) as string;
	}
	return { ...options, headers };
}

/** A credential store as n8n's CredentialsHelper would present it (already decrypted). */
export function credentialsHelper(store: CredentialStore) {
	return {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		getDecrypted: async (_data: unknown, _details: unknown, type: string) => {
			if (!store[type]) throw new Error(`No credential of type ${type} in the test store`);
			return store[type];
		},
		authenticate: applyGenericAuth,
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		getCredentials: async () => {
			throw new Error('not used');
		},
		updateCredentials: async () => {},
		updateCredentialsOauthTokenData: async () => {},
		getCredentialsProperties: () => [],
	};
}

export function baseAdditionalData(store: CredentialStore): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: credentialsHelper(store),
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		currentNodeExecutionIndex: 0,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface WebhookCall {
	body: string | Buffer;
	headers?: Record<string, string>;
	/** What n8n's body parser produced; by default the JSON of `body` when it parses, else `{}`. */
	parsedBody?: unknown;
}

export interface WebhookOutcome {
	status: number;
	json: unknown;
	result: IWebhookResponseData;
	items: Array<Record<string, unknown>>;
	/** When the node ended the HTTP response itself (Date.now()), if it did. */
	endedAt?: number;
	/** What the node logged as warnings during this call (still passed on to n8n's logger). */
	warnings: string[];
}

let workflowCounter = 0;

/** A trigger node placed in a one-node workflow, ready to receive webhook calls. */
export class WebhookHarness {
	readonly workflow: Workflow;
	readonly node: INode;

	constructor(
		private readonly nodeType: INodeType,
		parameters: INodeParameters,
		private readonly store: CredentialStore = {},
		private readonly mode: 'webhook' | 'manual' = 'webhook',
	) {
		const name = nodeType.description.name;
		this.node = {
			id: `node-${++workflowCounter}`,
			name: 'Trigger',
			type: name,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: Object.fromEntries(
				Object.keys(store).map((type) => [type, { id: `${type}-id`, name: type }]),
			),
		};
		this.workflow = new Workflow({
			id: `wf-${workflowCounter}`,
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: nodeTypesOf({ [name]: nodeType }),
		});
	}

	async call(request: WebhookCall): Promise<WebhookOutcome> {
		const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
		let parsedBody = request.parsedBody;
		if (parsedBody === undefined) {
			try {
				parsedBody = JSON.parse(raw.toString());
			} catch {
				parsedBody = {};
			}
		}
		const headers = Object.fromEntries(
			Object.entries(request.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
		);
		const httpRequest = { body: parsedBody, rawBody: raw, headers, params: {}, query: {} };
		const response = { status: 200, json: undefined as unknown, endedAt: undefined as number | undefined };
		const httpResponse = {
			status(code: number) {
				response.status = code;
				return httpResponse;
			},
			json(body: unknown) {
				response.json = body;
				return httpResponse;
			},
			end() {
				response.endedAt = Date.now();
				return httpResponse;
			},
		};
		const additionalData = {
			...baseAdditionalData(this.store),
			httpRequest,
			httpResponse,
		} as unknown as IWorkflowExecuteAdditionalData;
		const webhookDescription = this.nodeType.description.webhooks![0];
		const webhookData = {
			httpMethod: 'POST',
			node: this.node.name,
			path: 'webhook',
			webhookDescription,
			workflowId: this.workflow.id,
		} as unknown as IWebhookData;
		const context = new WebhookContext(
			this.workflow,
			this.node,
			additionalData,
			this.mode,
			webhookData,
			[],
			null,
		);
		const warnings: string[] = [];
		// n8n's logger, read from a throwaway object: the getter memoizes it as a fixed property of its receiver.
		const logger = (Object.getOwnPropertyDescriptor(Object.getPrototypeOf(WebhookContext.prototype), 'logger')!.get!.call({}) as
			WebhookContext['logger']);
		Object.defineProperty(context, 'logger', {
			value: Object.assign(Object.create(logger), {
				warn: (message: string, metadata?: Parameters<typeof logger.warn>[1]) => {
					warnings.push(message);
					logger.warn(message, metadata);
				},
			}),
		});
		const result = await this.nodeType.webhook!.call(context);
		if (result.workflowData === undefined && !result.noWebhookResponse) {
			// n8n answers 200 with the webhookResponse when no execution starts.
			response.json = result.webhookResponse;
		}
		const items = (result.workflowData?.[0] ?? []).map((item) => item.json);
		return { status: response.status, json: response.json, result, items, endedAt: response.endedAt, warnings };
	}
}

/**
 * n8n's processed-data store as n8n 2.41 implements it: per scope, read the whole record, then write it
 * back, with no lock. The pause between reading and writing makes its race visible to tests.
 */
export class InMemoryProcessedData implements IDataDeduplicator {
	readonly records = new Map<string, string[]>();
	calls = 0;

	private scopeKey(scope: string, context: ICheckProcessedContextData): string {
		return scope === 'node' ? `${context.workflow.id}:${context.node?.id}` : context.workflow.id;
	}

	async checkProcessedAndRecord(
		items: Array<string | number>,
		scope: 'node' | 'workflow',
		context: ICheckProcessedContextData,
	): Promise<IDeduplicationOutput> {
		this.calls++;
		const key = this.scopeKey(scope, context);
		const record = [...(this.records.get(key) ?? [])];
		await sleep(1);
		const processed = items.filter((item) => record.includes(String(item)));
		const fresh = items.filter((item) => !record.includes(String(item)));
		this.records.set(key, [...record, ...fresh.map(String)]);
		return { new: fresh, processed };
	}

	async removeProcessed(
		items: Array<string | number>,
		scope: 'node' | 'workflow',
		context: ICheckProcessedContextData,
	): Promise<void> {
		const key = this.scopeKey(scope, context);
		const remove = new Set(items.map(String));
		this.records.set(key, (this.records.get(key) ?? []).filter((item) => !remove.has(item)));
	}

	async clearAllProcessedItems(scope: 'node' | 'workflow', context: ICheckProcessedContextData) {
		this.records.delete(this.scopeKey(scope, context));
	}

	async getProcessedDataCount(scope: 'node' | 'workflow', context: ICheckProcessedContextData) {
		return this.records.get(this.scopeKey(scope, context))?.length ?? 0;
	}
}

export const processedData = new InMemoryProcessedData();
let deduplicationReady: Promise<void> | undefined;

export interface RunOptions {
	credentials?: CredentialStore;
	continueOnFail?: boolean;
	/** Keeps the node's identity (and so its Send Once Per Key scope) across runs. */
	nodeId?: string;
	workflowId?: string;
	/** How the execution started: 'manual' (the editor's test runs, the default) or a production mode. */
	mode?: WorkflowExecuteMode;
	/** The workflow's time zone setting. */
	timezone?: string;
	/** The execution's id (n8n needs one to sign a waiting URL). */
	executionId?: string;
}

export interface RunResult {
	output: INodeExecutionData[];
	node: INode;
	workflow: Workflow;
	context: ExecuteContext;
	/** Set when the node put the execution to wait. */
	waitTill?: Date;
	/** The node's input as n8n keeps it for the wait (what a timeout passes on). */
	waitingInput: INodeExecutionData[];
}

/**
 * Runs an action node once, through n8n-core's real ExecuteContext (parameter resolution, expressions,
 * HTTP helpers, credential authentication, processed-data helpers), on the given input items.
 */
export async function runNode(
	nodeType: INodeType,
	parameters: INodeParameters,
	input: IDataObject[] | INodeExecutionData[],
	options: RunOptions = {},
): Promise<RunResult> {
	deduplicationReady ??= DataDeduplicationService.init(processedData);
	await deduplicationReady;
	const name = nodeType.description.name;
	const node: INode = {
		id: options.nodeId ?? `action-${++workflowCounter}`,
		name: 'Infobip TikTok',
		type: name,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: Object.fromEntries(
			Object.keys(options.credentials ?? {}).map((type) => [type, { id: `${type}-id`, name: type }]),
		),
		...(options.continueOnFail && { onError: 'continueRegularOutput' as const }),
	};
	const workflow = new Workflow({
		id: options.workflowId ?? 'wf-action',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: nodeTypesOf({ [name]: nodeType }),
		...(options.timezone && { settings: { timezone: options.timezone } }),
	});
	const items: INodeExecutionData[] = input.map((entry, index) =>
		'json' in entry && typeof entry.json === 'object'
			? (entry as INodeExecutionData)
			: { json: entry as IDataObject, pairedItem: { item: index } },
	);
	const workflowNode = workflow.getNode(node.name) as INode;
	const runExecutionData = createRunExecutionData();
	const executeData = { node: workflowNode, data: { main: [items] }, source: { main: [{ previousNode: 'Input' }] } };
	const context = new ExecuteContext(
		workflow,
		workflowNode,
		{ ...baseAdditionalData(options.credentials ?? {}), ...(options.executionId && { executionId: options.executionId }) },
		options.mode ?? 'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		executeData,
		[],
	);
	const result = await nodeType.execute!.call(context);
	return {
		output: (result as INodeExecutionData[][])[0],
		node: workflowNode,
		workflow,
		context,
		waitTill: runExecutionData.waitTill,
		waitingInput: executeData.data.main[0],
	};
}
