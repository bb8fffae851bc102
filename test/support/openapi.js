// @ts-check
// Infobip's OpenAPI documents, read from ../shared beside the project (reference data, never copied).
// Test support that needs Node's own modules is plain JavaScript: n8n's community lint rules, which
// forbid them, apply to every TypeScript file in the package, tests included.
const { readFileSync } = require('fs');
const { join } = require('path');

const OPENAPI_DIR = join(__dirname, '..', '..', '..', 'shared', 'infobip', 'openapi');

/** @param {'tiktok' | 'people' | 'subscriptions'} name */
function loadSpec(name) {
	return JSON.parse(readFileSync(join(OPENAPI_DIR, `${name}.json`), 'utf8'));
}

/**
 * The `results` of every example body of one of tiktok.json's webhooks.
 * @param {string} webhook
 * @returns {Array<Record<string, any>>}
 */
function webhookExampleResults(webhook) {
	const content = loadSpec('tiktok').webhooks[webhook].post.requestBody.content['application/json'];
	return Object.values(content.examples).flatMap((example) => example.value.results);
}

/**
 * Checks `value` against a schema of tiktok.json (name without the hash prefix). Supports what Infobip's
 * document uses: $ref, allOf, discriminator mappings, type, required, properties, items, enum, lengths and
 * bounds. Returns the problems found, as "path: problem" strings; an empty list means valid.
 * @param {string} schemaName
 * @param {unknown} value
 * @returns {string[]}
 */
function validateAgainst(schemaName, value) {
	const spec = loadSpec('tiktok');
	const schemas = spec.components.schemas;
	const byName = (name) => schemas[Object.keys(schemas).find((key) => key.split('.').pop() === name)];
	const resolve = (schema) => (schema && schema.$ref ? schemas[schema.$ref.split('/').pop()] : schema);
	/** @type {string[]} */
	const problems = [];

	const check = (rawSchema, data, path) => {
		const schema = resolve(rawSchema);
		if (!schema) return;
		for (const part of schema.allOf || []) check(part, data, path);
		if (schema.discriminator && data && typeof data === 'object') {
			const target = schema.discriminator.mapping[data[schema.discriminator.propertyName]];
			if (!target) {
				problems.push(`${path}.${schema.discriminator.propertyName}: not one of ${Object.keys(schema.discriminator.mapping)}`);
			} else {
				const sub = schemas[target.split('/').pop()];
				// The sub-schema repeats the parent in allOf; check only its own part.
				for (const part of sub.allOf || []) if (resolve(part) !== schema) check(part, data, path);
				const { allOf, ...own } = sub;
				if (allOf) check(own, data, path);
			}
		}
		const type = schema.type;
		if (type === 'object' || schema.properties) {
			if (typeof data !== 'object' || data === null || Array.isArray(data)) return problems.push(`${path}: not an object`);
			for (const name of schema.required || []) if (!(name in data)) problems.push(`${path}.${name}: required`);
			for (const [name, sub] of Object.entries(schema.properties || {})) if (name in data) check(sub, data[name], `${path}.${name}`);
			for (const name of Object.keys(data)) {
				if (schema.properties && !(name in schema.properties) && !schema.allOf && !schema.discriminator) {
					problems.push(`${path}.${name}: not in the schema`);
				}
			}
		} else if (type === 'array') {
			if (!Array.isArray(data)) return problems.push(`${path}: not an array`);
			data.forEach((entry, index) => check(schema.items, entry, `${path}[${index}]`));
		} else if (type === 'string') {
			if (typeof data !== 'string') return problems.push(`${path}: not a string`);
			if (schema.maxLength !== undefined && data.length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
			if (schema.minLength !== undefined && data.length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
		} else if (type === 'integer' || type === 'number') {
			if (typeof data !== 'number' || (type === 'integer' && !Number.isInteger(data))) return problems.push(`${path}: not an ${type}`);
			if (schema.maximum !== undefined && data > schema.maximum) problems.push(`${path}: above ${schema.maximum}`);
			if (schema.minimum !== undefined && data < schema.minimum) problems.push(`${path}: below ${schema.minimum}`);
		} else if (type === 'boolean' && typeof data !== 'boolean') {
			problems.push(`${path}: not a boolean`);
		}
		if (schema.enum && !schema.enum.includes(data)) problems.push(`${path}: not one of ${schema.enum}`);
	};

	check(byName(schemaName), value, '$');
	return problems;
}

module.exports = { OPENAPI_DIR, loadSpec, webhookExampleResults, validateAgainst };
