import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

const optionsOf = (property: INodeProperties | undefined) =>
	(property?.options ?? []) as INodePropertyOptions[];

/**
 * The canvas subtitle, "Resource: Operation" in display names (e.g. "Message: Send Text"). Without a subtitle n8n
 * shows the first operation list's name for a value, which is the internal value for every other resource.
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const resources = optionsOf(properties.find((property) => property.name === 'resource'));
	const labels: Record<string, string> = {};
	for (const property of properties.filter((candidate) => candidate.name === 'operation')) {
		for (const resource of (property.displayOptions?.show?.resource ?? []) as string[]) {
			const resourceName = resources.find((option) => option.value === resource)?.name ?? resource;
			for (const operation of optionsOf(property)) {
				labels[`${resource}.${String(operation.value)}`] = `${resourceName}: ${operation.name}`;
			}
		}
	}
	return `={{ ${JSON.stringify(labels)}[$parameter["resource"] + "." + $parameter["operation"]] || $parameter["operation"] }}`;
}

