/**
 * Real n8n execution contexts (n8n-core) around our nodes, with only the parts n8n's server would
 * supply (credential store, HTTP request/response) filled in by the test.
 */
import { WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INode,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	IWebhookResponseData,
	INodeParameters,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

export function nodeTypesOf(types: Record<string, INodeType>): INodeTypes {
	return {
		getByName: (name) => types[name],
		getByNameAndVersion: (name) => types[name],
		getKnownTypes: () => ({}),
	} as INodeTypes;
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
		authenticate: async (_credentials: unknown, _type: string, options: IHttpRequestOptions) => options,
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
		const response = { status: 200, json: undefined as unknown };
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
		const result = await this.nodeType.webhook!.call(context);
		if (result.workflowData === undefined && !result.noWebhookResponse) {
			// n8n answers 200 with the webhookResponse when no execution starts.
			response.json = result.webhookResponse;
		}
		const items = (result.workflowData?.[0] ?? []).map((item) => item.json);
		return { status: response.status, json: response.json, result, items };
	}
}
