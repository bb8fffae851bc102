/**
 * What n8n's editor shows of Send and Wait for each Response Type, decided by n8n-workflow's own display
 * logic (NodeHelpers, defaults filled in as the editor does).
 */
import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { InfobipTikTok } from '../../../../nodes/InfobipTikTok/InfobipTikTok.node';

const { description } = new InfobipTikTok();
const node = { typeVersion: 1 };

function valuesOf(parameters: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, { resource: 'message', operation: 'sendAndWait', ...parameters }, true, false, node, description)!;
}

/** The top-level parameters shown, as `name` (notices by their text). */
function shown(parameters: INodeParameters): INodeProperties[] {
	const values = valuesOf(parameters);
	return description.properties.filter((property) => NodeHelpers.displayParameter(values, property, node, description));
}

/** The options offered under Add Option of the Options collection (its `/` conditions read the node's values). */
function offeredOptions(parameters: INodeParameters): string[] {
	const values = valuesOf(parameters);
	const options = shown(parameters).find((property) => property.name === 'options')!.options as INodeProperties[];
	return options.filter((option) => NodeHelpers.displayParameter({}, option, node, description, values)).map((option) => option.name);
}

const isNotice = (property: INodeProperties) => property.name === 'sendAndWaitNotice';

describe('Send and Wait in the editor', () => {
	it.each(['approval', 'freeText', 'customForm'])('%s: the Response Page Title and the notice about several items and links show', (responseType) => {
		expect(offeredOptions({ responseType })).toContain('responseFormTitle');
		expect(shown({ responseType }).some(isNotice)).toBe(true);
	});

	it('Reply in Chat: no page, no links, so neither the Response Page Title nor that notice shows', () => {
		expect(offeredOptions({ responseType: 'replyInChat' })).not.toContain('responseFormTitle');
		expect(offeredOptions({ responseType: 'replyInChat' })).not.toContain('messageButtonLabel');
		expect(offeredOptions({ responseType: 'replyInChat' })).toContain('limitWaitTime');
		expect(shown({ responseType: 'replyInChat' }).some(isNotice)).toBe(false);
	});

	it('Reply in Chat, Free Text: Accept (Any Message by default); Text Only brings the re-ask fields with a text-only default', () => {
		const names = (parameters: INodeParameters) => shown({ responseType: 'replyInChat', ...parameters }).map((property) => property.name);
		expect(names({})).toContain('acceptReply');
		expect(valuesOf({ responseType: 'replyInChat' }).acceptReply).toBe('any');
		expect(names({})).not.toContain('reaskMessage');
		expect(names({ acceptReply: 'text' })).toEqual(expect.arrayContaining(['reaskMessage', 'maxReasks']));
		expect(valuesOf({ responseType: 'replyInChat', acceptReply: 'text' }).reaskMessage).toBe('Please answer with a text message.');
		expect(names({ chatReply: 'approval' })).not.toContain('acceptReply');
		expect(valuesOf({ responseType: 'replyInChat', chatReply: 'approval' }).reaskMessage).toBe('Please answer yes or no.');
	});
});
