// Clio Manage runs one separate installation per region; a token or developer app from one region is
// rejected by the others (api-facts §1.1). The option value is the region's base URL.
export const CLIO_REGIONS = [
	{ name: 'United States (app.clio.com)', value: 'https://app.clio.com' },
	{ name: 'Canada (ca.app.clio.com)', value: 'https://ca.app.clio.com' },
	{ name: 'Europe (eu.app.clio.com)', value: 'https://eu.app.clio.com' },
	{ name: 'Australia (au.app.clio.com)', value: 'https://au.app.clio.com' },
	{ name: 'Custom Base URL', value: 'custom' },
] as const;

export const CUSTOM_REGION = 'custom';

/** The host root of a Clio installation, e.g. `https://eu.app.clio.com`, without a trailing slash. */
export function clioBaseUrl(region: string, customBaseUrl?: string): string {
	const base = region === CUSTOM_REGION ? (customBaseUrl ?? '') : region;
	return base.trim().replace(/\/+$/, '');
}

/** `…/api/v4`, the root every Manage v4 path hangs from (api-facts §1.1). */
export function clioApiBase(region: string, customBaseUrl?: string): string {
	return `${clioBaseUrl(region, customBaseUrl)}/api/v4`;
}

// The minor API version the package is written and tested against (api-facts §1.3). Pinned so a
// change of Clio's default version cannot change the shape of responses under a running workflow.
export const CLIO_API_VERSION = '4.0.9';
