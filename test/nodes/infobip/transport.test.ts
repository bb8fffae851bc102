import {
	DEFAULT_RETRY,
	describeInfobipError,
	isRetryable,
	normalizeBaseUrl,
	retryDelayMs,
} from '../../../nodes/infobip/transport';

describe('normalizeBaseUrl', () => {
	it.each([
		['https://api.infobip.com', 'https://api.infobip.com'],
		['https://abc123.api.infobip.com/', 'https://abc123.api.infobip.com'],
		['  abc123.api.infobip.com// ', 'https://abc123.api.infobip.com'],
		['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
	])('%s -> %s', (raw, url) => expect(normalizeBaseUrl(raw)).toBe(url));
});

describe('retry policy', () => {
	it('retries only 429 and 5xx', () => {
		expect([400, 401, 403, 404, 409, 429, 500, 503].filter(isRetryable)).toEqual([429, 500, 503]);
	});

	it('backs off exponentially up to a cap', () => {
		expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, undefined, DEFAULT_RETRY))).toEqual([
			500, 1000, 2000, 4000, 8000, 8000,
		]);
	});

	it('honours Retry-After in seconds or as a date, capped', () => {
		expect(retryDelayMs(1, '2', DEFAULT_RETRY)).toBe(2000);
		expect(retryDelayMs(1, '3600', DEFAULT_RETRY)).toBe(DEFAULT_RETRY.maxDelayMs);
		const now = Date.parse('2026-11-28T10:00:00Z');
		expect(retryDelayMs(1, 'Sat, 28 Nov 2026 10:00:03 GMT', DEFAULT_RETRY, now)).toBe(3000);
		expect(retryDelayMs(2, 'garbage', DEFAULT_RETRY)).toBe(1000);
	});
});

describe('describeInfobipError', () => {
	it('reads the TikTok error shape with its violations', () => {
		expect(
			describeInfobipError(400, {
				errorCode: 'E400',
				description: 'Request cannot be processed.',
				violations: [
					{ property: 'messages[0].sender', violation: 'must not be blank' },
					{ property: 'messages[1].content.text', violation: 'size must be between 0 and 6000' },
				],
			}),
		).toBe(
			'Infobip answered 400: Request cannot be processed; messages[0].sender: must not be blank; messages[1].content.text: size must be between 0 and 6000',
		);
	});

	it('reads the older requestError shape', () => {
		expect(
			describeInfobipError(400, {
				requestError: { serviceException: { messageId: 'BAD_REQUEST', text: 'Invalid', validationErrors: { sender: ['is required'] } } },
			}),
		).toBe('Infobip answered 400: Invalid; sender: is required');
	});

	it('copes with text and empty bodies', () => {
		expect(describeInfobipError(502, '<html>Bad gateway</html>')).toBe('Infobip answered 502: <html>Bad gateway</html>');
		expect(describeInfobipError(500, undefined)).toBe('Infobip answered 500: No error description');
	});
});
