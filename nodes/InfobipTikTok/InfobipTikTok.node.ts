import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { contactFields, contactOperations } from './descriptions/ContactDescription';
import { conversionFields, conversionOperations } from './descriptions/ConversionDescription';
import {
	deliveryReportFields,
	deliveryReportOperations,
} from './descriptions/DeliveryReportDescription';
import { mediaFields, messageFields, messageOperations } from './descriptions/MessageDescription';
import { messageLogFields, messageLogOperations } from './descriptions/MessageLogDescription';
import { operationSubtitle } from './descriptions/subtitle';
import { reportConversions } from './operations/conversion';
import { downloadMedia } from './operations/media';
import { sendMessages, type MessageOperation } from './operations/message';
import { changeTags, getContact, updateContact } from './operations/contact';
import { getDeliveryReports, getMessageLogs } from './operations/read';
import { sendAndWaitWebhooks } from './sendAndWait/description';
import { sendAndWait, sendAndWaitWebhook } from './sendAndWait/sendAndWait';

type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

const messageOperation =
	(operation: MessageOperation): Operation =>
	async function (items) {
		return await sendMessages.call(this, items, operation);
	};

const OPERATIONS: Record<string, Operation> = {
	'message.sendText': messageOperation('sendText'),
	'message.sendImage': messageOperation('sendImage'),
	'message.sendSharePost': messageOperation('sendSharePost'),
	'message.sendTypingIndicator': messageOperation('sendTypingIndicator'),
	'message.markAsRead': messageOperation('markAsRead'),
	'message.sendAndWait': sendAndWait,
	'message.downloadMedia': downloadMedia,
	'conversion.report': reportConversions,
	'deliveryReport.getAll': getDeliveryReports,
	'messageLog.getAll': getMessageLogs,
	'contact.get': getContact,
	'contact.update': updateContact,
	'contact.addTag': async function (items) {
		return await changeTags.call(this, items, 'addTag');
	},
	'contact.removeTag': async function (items) {
		return await changeTags.call(this, items, 'removeTag');
	},
};

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Contact', value: 'contact' },
			{ name: 'Conversion', value: 'conversion' },
			{ name: 'Delivery Report', value: 'deliveryReport' },
			{ name: 'Message', value: 'message' },
			{ name: 'Message Log', value: 'messageLog' },
		],
		default: 'message',
	},
	...messageOperations,
	...messageFields,
	...mediaFields,
	...conversionOperations,
	...conversionFields,
	...deliveryReportOperations,
	...deliveryReportFields,
	...messageLogOperations,
	...messageLogFields,
	...contactOperations,
	...contactFields,
];

export class InfobipTikTok implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Infobip TikTok',
		name: 'infobipTikTok',
		icon: { light: 'file:../../icons/infobip-tiktok.svg', dark: 'file:../../icons/infobip-tiktok.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Reply to TikTok direct messages, report ad conversions and read reports through Infobip',
		defaults: { name: 'Infobip TikTok' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'infobipTikTokApi', required: true }],
		webhooks: sendAndWaitWebhooks,
		properties,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await sendAndWaitWebhook.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = OPERATIONS[`${resource}.${operation}`];
		if (!run) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
		}
		return [await run.call(this, this.getInputData())];
	}
}
