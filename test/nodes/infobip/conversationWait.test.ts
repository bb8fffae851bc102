import {
	isOwnWaitingUrl,
	approvalOf,
	encodeWaitRecord,
	normalizeReply,
	replyWords,
	parseWaitCallbackData,
	parseWaitRecord,
	waitCallbackData,
	waitFor,
	WAIT_ATTRIBUTE,
	type WaitRecord,
} from '../../../nodes/infobip/conversationWait';

const URL_1 = 'http://n8n.example/webhook-waiting/7/node?waitId=w1&item=0&signature=abc';
const URL_2 = 'http://n8n.example/webhook-waiting/7/node?waitId=w2&item=0&signature=def';
const waiting: WaitRecord = { state: 'waiting', waitId: 'w2', url: URL_2, answeredBy: 'mo-1' };

const message = (fields: Record<string, unknown>) => ({
	event: 'message',
	messageId: 'mo-2',
	userId: 'u',
	...fields,
});
const withRecord = (
	record: WaitRecord | string | undefined,
	fields: Record<string, unknown> = {},
) =>
	message({
		contact: {
			found: true,
			error: null,
			customAttributes:
				record === undefined
					? {}
					: { [WAIT_ATTRIBUTE]: typeof record === 'string' ? record : encodeWaitRecord(record) },
		},
		...fields,
	});

describe('wait records and callback data', () => {
	it('round-trip, and anything else reads as no wait', () => {
		expect(parseWaitRecord(encodeWaitRecord(waiting))).toEqual(waiting);
		expect(
			parseWaitRecord(encodeWaitRecord({ state: 'answered', waitId: 'w2', answeredBy: 'mo-3' })),
		).toEqual({
			state: 'answered',
			waitId: 'w2',
			answeredBy: 'mo-3',
		});
		for (const bad of [
			undefined,
			'',
			'text',
			'{"state":"waiting","waitId":"w"}',
			'{"state":"x","waitId":"w"}',
			42,
		]) {
			expect(parseWaitRecord(bad)).toBeUndefined();
		}
		expect(parseWaitCallbackData(waitCallbackData('w1', URL_1))).toEqual({
			waitId: 'w1',
			url: URL_1,
			reasks: 0,
		});
		for (const bad of [
			undefined,
			'order-42',
			'{"waitId":"w1","url":"x"}',
			'n8n-wait:{',
			'n8n-wait:{"waitId":"w1"}',
		]) {
			expect(parseWaitCallbackData(bad)).toBeUndefined();
		}
	});
});

describe('waitFor: which wait an inbound message answers', () => {
	it("uses Infobip's pairing when the contact was not looked up", () => {
		expect(waitFor(message({ callbackData: waitCallbackData('w1', URL_1) }))).toEqual({
			waitId: 'w1',
			url: URL_1,
			source: 'paired',
			reasks: 0,
		});
		expect(waitFor(message({ callbackData: 'my own data' }))).toBeUndefined();
		expect(waitFor(message({}))).toBeUndefined();
	});

	it("prefers the contact's waiting record over an older paired question", () => {
		expect(waitFor(withRecord(waiting, { callbackData: waitCallbackData('w1', URL_1) }))).toEqual({
			waitId: 'w2',
			url: URL_2,
			source: 'contact',
			reasks: 0,
		});
		expect(waitFor(withRecord(waiting))).toEqual({
			waitId: 'w2',
			url: URL_2,
			source: 'contact',
			reasks: 0,
		});
	});

	it('a scheduled question answers nothing before it goes out (Send At), then as any waiting question', () => {
		const askAt = '2026-12-24T08:00:00.000Z';
		const scheduled = withRecord({ ...waiting, askAt });
		expect(waitFor(scheduled, Date.parse(askAt) - 1)).toBeUndefined();
		expect(waitFor(scheduled, Date.parse(askAt) + 1)).toMatchObject({ waitId: 'w2', source: 'contact' });
		expect(parseWaitRecord(JSON.stringify({ ...waiting, askAt }))).toEqual({ ...waiting, askAt });
	});

	it('a reaction taken back answers nothing; a reaction added does', () => {
		const reaction = (action: string) => ({ type: 'REACTION', reactionAction: action, emoji: '👍' });
		expect(waitFor(withRecord(waiting, reaction('REMOVED')))).toBeUndefined();
		expect(waitFor(message({ ...reaction('REMOVED'), callbackData: waitCallbackData('w1', URL_1) }))).toBeUndefined();
		expect(waitFor(withRecord(waiting, reaction('ADDED')))).toMatchObject({ waitId: 'w2', source: 'contact' });
	});

	it('recognises a redelivery: the message the record names as answer, or as the one the question followed', () => {
		expect(waitFor(withRecord({ state: 'answered', waitId: 'w2', answeredBy: 'mo-2' }))).toBe(
			'redelivery',
		);
		expect(waitFor(withRecord({ ...waiting, answeredBy: 'mo-2' }))).toBe('redelivery');
	});

	it('an answered record leaves only a different paired question; a failed lookup falls back to pairing', () => {
		const answered: WaitRecord = { state: 'answered', waitId: 'w2', answeredBy: 'mo-9' };
		expect(waitFor(withRecord(answered))).toBeUndefined();
		expect(
			waitFor(withRecord(answered, { callbackData: waitCallbackData('w2', URL_2) })),
		).toBeUndefined();
		expect(waitFor(withRecord(answered, { callbackData: waitCallbackData('w1', URL_1) }))).toEqual({
			waitId: 'w1',
			url: URL_1,
			source: 'paired',
			reasks: 0,
		});
		const failed = message({
			contact: { found: false, error: 'People answered 429', customAttributes: {} },
			callbackData: waitCallbackData('w1', URL_1),
		});
		expect(waitFor(failed)).toEqual({ waitId: 'w1', url: URL_1, source: 'paired', reasks: 0 });
		expect(waitFor(withRecord('garbage', { callbackData: waitCallbackData('w1', URL_1) }))).toEqual(
			{
				waitId: 'w1',
				url: URL_1,
				source: 'paired',
				reasks: 0,
			},
		);
	});
});

describe('approval by reply', () => {
	const yes = replyWords('Yes, sí, OK,  ');
	const no = replyWords('no, Nein');
	it('compares replies without case, accents, punctuation or blanks', () => {
		expect(normalizeReply('  Sí!! ')).toBe('si');
		expect(yes).toEqual(['yes', 'si', 'ok']);
		expect(approvalOf('YES.', yes, no)).toBe(true);
		expect(approvalOf('Si', yes, no)).toBe(true);
		expect(approvalOf('nein!', yes, no)).toBe(false);
		expect(approvalOf('maybe', yes, no)).toBeUndefined();
		expect(approvalOf('yes please', yes, no)).toBeUndefined();
		expect(approvalOf(undefined, yes, no)).toBeUndefined();
		expect(approvalOf('ok', yes, replyWords('ok'))).toBeUndefined();
	});
	it('keeps the re-ask count in records and callback data', () => {
		expect(parseWaitCallbackData(waitCallbackData('w1', URL_1, 2))).toEqual({
			waitId: 'w1',
			url: URL_1,
			reasks: 2,
		});
		expect(waitFor(withRecord({ ...waiting, reasks: 1 }))).toEqual({
			waitId: 'w2',
			url: URL_2,
			source: 'contact',
			reasks: 1,
		});
	});
});

describe('isOwnWaitingUrl: the trigger calls only this n8n', () => {
	const own = 'https://n8n.example.com/webhook/abc/webhook';
	it.each([
		['https://n8n.example.com/webhook-waiting/12/node?signature=x', true],
		['https://n8n.example.com:443/webhook-waiting/12/node', true],
		['http://n8n.example.com/webhook-waiting/12/node', false],
		['https://n8n.example.com:8443/webhook-waiting/12/node', false],
		['https://evil.example.com/webhook-waiting/12/node', false],
		['http://169.254.169.254/latest/meta-data', false],
		['https://user:pass@n8n.example.com/webhook-waiting/12/node', false],
		['not a url', false],
	])('%s -> %s', (url, expected) => {
		expect(isOwnWaitingUrl(url, own)).toBe(expected);
	});

	it('without the trigger’s own URL nothing is called', () => {
		expect(isOwnWaitingUrl('https://n8n.example.com/webhook-waiting/12/node', undefined)).toBe(
			false,
		);
	});
});
