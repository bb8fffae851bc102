// @ts-check
// Infobip's OpenAPI documents, read from ../shared beside the project (reference data, never copied).
// Test support that needs Node's own modules is plain JavaScript: n8n's community lint rules, which
// forbid them, apply to every TypeScript file in the package, tests included.
const { readFileSync } = require('fs');
const { join } = require('path');

const OPENAPI_DIR = join(__dirname, '..', '..', '..', 'shared', 'infobip', 'openapi');

/** @param {'tiktok' | 'people' | 'subscriptions' | 'resources'} name */
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

/** @type {Record<string, any>} */
const specs = {};
const specOf = (name) => (specs[name] ??= loadSpec(name));

/**
 * Checks `value` against a schema of one of the documents. Supports what Infobip's documents use: $ref,
 * allOf, discriminator mappings, type, required, properties, additionalProperties, items, enum, lengths and
 * bounds. In request bodies (`request: true`) read-only properties are problems too. Returns the problems
 * found, as "path: problem" strings; an empty list means valid.
 * @param {any} spec
 * @param {any} rootSchema
 * @param {unknown} value
 * @param {{ request?: boolean }} [options]
 * @returns {string[]}
 */
function checkSchema(spec, rootSchema, value, options = {}) {
	const schemas = spec.components.schemas;
	const resolve = (schema) => (schema && schema.$ref ? schemas[schema.$ref.split('/').pop()] : schema);
	/** @type {string[]} */
	const problems = [];

	/** Every property name a composed schema allows: its own, its allOf parts' and its discriminator target's. */
	const allowedNames = (rawSchema, data, seen = new Set()) => {
		const schema = resolve(rawSchema);
		if (!schema || seen.has(schema)) return [];
		seen.add(schema);
		const names = Object.keys(schema.properties || {});
		for (const part of schema.allOf || []) names.push(...allowedNames(part, data, seen));
		const target = schema.discriminator && data && schema.discriminator.mapping[data[schema.discriminator.propertyName]];
		if (target) names.push(...allowedNames({ $ref: target }, data, seen));
		return names;
	};

	// `part`: a piece of a composed schema (allOf, a discriminator's target), whose siblings allow more names.
	const check = (rawSchema, data, path, part = false) => {
		const schema = resolve(rawSchema);
		if (!schema) return;
		for (const piece of schema.allOf || []) check(piece, data, path, true);
		if (schema.discriminator && data && typeof data === 'object') {
			const target = schema.discriminator.mapping[data[schema.discriminator.propertyName]];
			if (!target) {
				problems.push(`${path}.${schema.discriminator.propertyName}: not one of ${Object.keys(schema.discriminator.mapping)}`);
			} else {
				const sub = schemas[target.split('/').pop()];
				// The sub-schema repeats the parent in allOf; check only its own part.
				for (const piece of sub.allOf || []) if (resolve(piece) !== schema) check(piece, data, path, true);
				const { allOf, ...own } = sub;
				if (allOf) check(own, data, path, true);
			}
		}
		const type = schema.type;
		if (type === 'object' || schema.properties) {
			if (typeof data !== 'object' || data === null || Array.isArray(data)) return problems.push(`${path}: not an object`);
			for (const name of schema.required || []) if (!(name in data)) problems.push(`${path}.${name}: required`);
			for (const [name, sub] of Object.entries(schema.properties || {})) {
				if (!(name in data)) continue;
				if (options.request && sub.readOnly) problems.push(`${path}.${name}: read-only`);
				check(sub, data[name], `${path}.${name}`);
			}
			for (const name of Object.keys(data)) {
				if (schema.properties && name in schema.properties) continue;
				if (schema.additionalProperties) {
					// People types custom attribute values as objects, yet they are text, numbers, booleans, dates
					// and lists (API-NOTES): a bare `{type: object}` there accepts any value.
					const loose = schema.additionalProperties.type === 'object' && !schema.additionalProperties.properties;
					if (!loose) check(schema.additionalProperties, data[name], `${path}.${name}`);
				} else if (schema.properties && !schema.allOf && !schema.discriminator && !part) {
					problems.push(`${path}.${name}: not in the schema`);
				}
			}
			if (options.request && !part && (schema.allOf || schema.discriminator)) {
				const allowed = new Set(allowedNames(schema, data));
				for (const name of Object.keys(data)) if (!allowed.has(name)) problems.push(`${path}.${name}: not in the schema`);
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

	check(rootSchema, value, '$');
	return problems;
}

/**
 * Checks `value` against a schema of tiktok.json (name without the hash prefix).
 * @param {string} schemaName
 * @param {unknown} value
 * @returns {string[]}
 */
function validateAgainst(schemaName, value) {
	const spec = specOf('tiktok');
	const schemas = spec.components.schemas;
	return checkSchema(spec, schemas[Object.keys(schemas).find((key) => key.split('.').pop() === schemaName)], value);
}

/**
 * Checks a request against the operation of a document: the path (with its {parameters}) and method must
 * exist, query names must be declared, required ones present, their values valid, and a JSON body must
 * match the request schema. Returns the problems found, empty when valid.
 * @param {'tiktok' | 'people' | 'subscriptions' | 'resources'} specName
 * @param {{ method: string, path: string, query: Record<string, string | string[]>, body: unknown }} request
 * @returns {string[]}
 */
function validateRequest(specName, request) {
	const spec = specOf(specName);
	const template = Object.keys(spec.paths).find((candidate) => {
		const pattern = new RegExp(`^${candidate.replace(/\{[^}]+\}/g, '[^/]+')}$`);
		return pattern.test(request.path);
	});
	const operation = template && spec.paths[template][request.method.toLowerCase()];
	if (!operation) return [`${request.method} ${request.path}: no such operation in ${specName}.json`];
	const problems = [];
	const declared = (operation.parameters || []).filter((parameter) => parameter.in === 'query');
	for (const [name, value] of Object.entries(request.query)) {
		const parameter = declared.find((entry) => entry.name === name);
		if (!parameter) problems.push(`query ${name}: not a parameter of ${request.method} ${template}`);
		else for (const entry of [value].flat()) problems.push(...checkSchema(spec, parameter.schema, entry).map((p) => `query ${name}${p.slice(1)}`));
	}
	for (const parameter of declared) if (parameter.required && !(parameter.name in request.query)) problems.push(`query ${parameter.name}: required`);
	const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
	if (request.body !== undefined && request.body !== '') {
		if (!bodySchema) problems.push(`body: ${request.method} ${template} takes none`);
		else problems.push(...checkSchema(spec, bodySchema, request.body, { request: true }).map((p) => `body${p.slice(1)}`));
	} else if (operation.requestBody?.required) {
		problems.push('body: required');
	}
	return problems;
}

/**
 * Every leaf field of a schema of tiktok.json (name without the hash prefix) as a dotted path, following
 * $ref, allOf and the sub-schemas of a discriminator (their fields together). Arrays are not descended.
 * @param {string} schemaName
 * @returns {string[]}
 */
function schemaLeafPaths(schemaName) {
	const schemas = specOf('tiktok').components.schemas;
	const byName = (name) => schemas[Object.keys(schemas).find((key) => key.split('.').pop() === name)];
	const resolve = (schema) => (schema && schema.$ref ? schemas[schema.$ref.split('/').pop()] : schema);
	/** @returns {Record<string, any>} */
	const propertiesOf = (rawSchema, seen = new Set()) => {
		const schema = resolve(rawSchema);
		// A discriminator's sub-schemas name their parent in allOf again.
		if (seen.has(schema)) return {};
		seen.add(schema);
		let properties = { ...(schema.properties || {}) };
		for (const part of schema.allOf || []) properties = { ...propertiesOf(part, seen), ...properties };
		for (const target of Object.values((schema.discriminator && schema.discriminator.mapping) || {})) {
			properties = { ...properties, ...propertiesOf({ $ref: target }, seen) };
		}
		return properties;
	};
	/** @type {string[]} */
	const paths = [];
	const walk = (schema, prefix) => {
		for (const [name, sub] of Object.entries(propertiesOf(schema))) {
			const resolved = resolve(sub);
			if (resolved.type === 'object' || resolved.properties || resolved.allOf) walk(sub, `${prefix}${name}.`);
			else paths.push(`${prefix}${name}`);
		}
	};
	walk(byName(schemaName), '');
	return paths.sort();
}

module.exports = { OPENAPI_DIR, loadSpec, webhookExampleResults, validateAgainst, validateRequest, schemaLeafPaths };
