// @ts-check
// Infobip webhook bodies for the end-to-end tests and benchmarks (same shapes as test/fixtures/webhooks.ts).
const crypto = require('crypto');

const BUSINESS = '-000pcMJDSDHK-UvK012b10KKXmCvWmVF8o';

/** @param {string} text @param {string} user @param {Record<string, any>} [message] */
function inbound(text, user, message = {}) {
	return {
		sender: user,
		to: BUSINESS,
		integrationType: 'TIKTOK',
		receivedAt: '2026-11-28T10:00:00.000+0000',
		messageId: crypto.randomUUID(),
		message: { type: 'TEXT', text, conversationId: user, ...message },
		price: { pricePerMessage: 0, currency: 'EUR' },
	};
}

/** `count` text messages from distinct users. */
function texts(count, prefix = 'user') {
	return Array.from({ length: count }, (_, i) => inbound(`hello ${i}`, `${prefix}-${i}`));
}

/** @param {string} [messageId] */
function deliveryReport(messageId = crypto.randomUUID()) {
	return {
		bulkId: 'bulk-1',
		messageId,
		to: 'user-dr',
		sender: BUSINESS,
		sentAt: '2026-11-28T10:00:00.000+0000',
		doneAt: '2026-11-28T10:00:01.000+0000',
		status: { groupId: 5, groupName: 'REJECTED', id: 6, name: 'REJECTED_DESTINATION', description: 'Destination rejected' },
		error: { groupId: 1, groupName: 'HANDSET_ERRORS', id: 27, name: 'EC_ABSENT_SUBSCRIBER', description: 'Absent', permanent: true },
		price: { pricePerMessage: 0, currency: 'EUR' },
	};
}

function seenReport(messageId = crypto.randomUUID()) {
	return {
		messageId,
		from: BUSINESS,
		to: 'user-seen',
		sentAt: '2026-11-28T10:00:00.000+0000',
		seenAt: '2026-11-28T10:00:05.000+0000',
	};
}

const body = (results) => JSON.stringify({ results, messageCount: results.length, pendingMessageCount: 0 });

module.exports = { BUSINESS, inbound, texts, deliveryReport, seenReport, body };
