// Entry point of the e2e harness: a real n8n 2.41.1 driven headless over HTTP.
export { startN8n, type N8n, type StartOptions, type ExecutionQuery } from './n8n.mts';
export { startLoopback, type Loopback, type RecordedRequest } from './loopback.mts';
export { newCredentialId } from './credentials.mts';
export {
	chain,
	manualTrigger,
	webhookTrigger,
	httpRequest,
	withCredential,
	nodeOutput,
	executionError,
} from './workflows.mts';
export { pollUntil, HttpError } from './http.mts';
export type * from './types.mts';
export {
	createSandboxCredential,
	clioNode,
	stageChangeWebhookTrigger,
	CLIO_CREDENTIAL_TYPE,
	type SandboxCredential,
} from './clio.mts';
