// Types for paths.mjs (plain JS so install.mjs runs without tsx).
export declare const N8N_VERSION: string;
export declare const NODE24_VERSION: string;
export interface N8nPaths {
	root: string;
	nodeDir: string;
	nodeHome: string;
	nodeBinDir: string;
	nodeBinary: string;
	n8nDir: string;
	n8nBin: string;
	readyMarker: string;
}
export declare function n8nPaths(): N8nPaths;
