import {
	closedWindow,
	closedWindowExplanation,
	outsideWindowReason,
	parseInfobipDate,
	replyBefore,
} from '../../../nodes/infobip/replyWindow';
import { describeInfobipError } from '../../../nodes/infobip/transport';

describe('parseInfobipDate', () => {
	it.each([
		['2019-11-09T16:00:00.000+0000', Date.UTC(2019, 10, 9, 16)],
		['2019-11-09T16:00:00.000+0130', Date.UTC(2019, 10, 9, 14, 30)],
		['2019-11-09T16:00:00.000-0200', Date.UTC(2019, 10, 9, 18)],
		['2019-11-09T16:00:00.000+01:00', Date.UTC(2019, 10, 9, 15)],
		['2019-11-09T16:00:00Z', Date.UTC(2019, 10, 9, 16)],
	])('reads %s', (text, expected) => {
		expect(parseInfobipDate(text)).toBe(expected);
	});

	it.each([[undefined], [null], [''], ['yesterday'], [1573315200000]])('ignores %p', (value) => {
		expect(parseInfobipDate(value)).toBeUndefined();
	});
});

describe('replyBefore', () => {
	it('is receivedAt plus 48 hours in ISO 8601 UTC', () => {
		expect(replyBefore('2019-11-09T16:00:00.000+0000')).toBe('2019-11-11T16:00:00.000Z');
		expect(replyBefore('2019-11-09T16:00:00.000+0200')).toBe('2019-11-11T14:00:00.000Z');
	});

	it('is null without a readable receivedAt', () => {
		expect(replyBefore(undefined)).toBeNull();
		expect(replyBefore('not a date')).toBeNull();
	});
});

describe('closedWindow', () => {
	const now = Date.UTC(2026, 10, 29, 12);
	it('uses replyBefore first', () => {
		expect(closedWindow({ replyBefore: '2026-11-29T11:59:59.000Z', receivedAt: '2026-11-29T11:00:00.000+0000' }, now)).toBe(
			'2026-11-29T11:59:59.000Z',
		);
		expect(closedWindow({ replyBefore: '2026-11-29T12:00:01.000Z', receivedAt: '2020-01-01T00:00:00.000+0000' }, now)).toBeUndefined();
	});

	it('falls back on receivedAt plus 48 hours', () => {
		expect(closedWindow({ receivedAt: '2026-11-27T11:00:00.000+0000' }, now)).toBe('2026-11-29T11:00:00.000Z');
		expect(closedWindow({ receivedAt: '2026-11-27T13:00:00.000+0000' }, now)).toBeUndefined();
	});

	it('leaves items without the fields, or with unreadable dates, unchecked', () => {
		expect(closedWindow({ text: 'hi' }, now)).toBeUndefined();
		expect(closedWindow({ receivedAt: 'soon', replyBefore: null }, now)).toBeUndefined();
	});

	it('explains itself', () => {
		expect(outsideWindowReason('2026-11-29T11:00:00.000Z')).toMatch(/48-hour reply window .* closed at 2026-11-29T11:00:00.000Z/);
	});
});

describe('closedWindowExplanation', () => {
	it.each([
		'EC_OUTSIDE_ALLOWED_WINDOW',
		'OUTSIDE_REPLY_WINDOW',
		'Message outside of the messaging window',
		'REPLY_WINDOW_EXPIRED',
		'Conversation window closed',
		'The 48-hour window has expired',
		'EC_RE_ENGAGEMENT_REQUIRED',
	])('recognises %s', (text) => {
		expect(closedWindowExplanation(undefined, text)).toMatch(/reply window is closed/);
	});

	it.each(['Invalid login details', 'validityPeriod: must be less than 48 hours', 'NO_ERROR', 'Time window invalid'])(
		'leaves %s alone',
		(text) => {
			expect(closedWindowExplanation(text)).toBeUndefined();
		},
	);

	it("puts the plain words in front of Infobip's error", () => {
		const message = describeInfobipError(400, {
			errorCode: 'E400',
			description: 'Message rejected: OUTSIDE_REPLY_WINDOW',
			violations: [],
		});
		expect(message).toMatch(/^TikTok's reply window is closed: .* Infobip answered 400: Message rejected: OUTSIDE_REPLY_WINDOW$/);
		expect(describeInfobipError(400, { description: 'Bad request' })).toBe('Infobip answered 400: Bad request');
	});
});
