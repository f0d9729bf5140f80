// Entry point of the e2e harness: the local n8n runner (../../../local-n8n) plus what only the
// tests need: workflow builders, the package's nodes in workflows, a loopback HTTP listener.
export * from '../../../local-n8n/index.mts';
export { startLoopback, type Loopback, type RecordedRequest } from './loopback.mts';
export {
	chain,
	manualTrigger,
	webhookTrigger,
	httpRequest,
	withCredential,
	nodeOutput,
	executionError,
} from './workflows.mts';
export { clioNode, EVERY_TEN_SECONDS, stageChangeWebhookTrigger } from './clio.mts';
export { sandboxedN8n, type SandboxedN8n } from './bed.mts';
