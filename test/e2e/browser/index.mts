// Entry point of the browser helpers: Chromium for the real n8n editor, and the editor's screens.
export { CHROMIUM, launchBrowser, type EditorBrowser, type LaunchOptions } from './chromium.mts';
export {
	OAUTH2_CALLBACK_PATH,
	SCREENSHOTS_DIR,
	chooseOption,
	connectOAuth2,
	fillParameter,
	mappedField,
	newCredential,
	openNode,
	openWorkflow,
	parameter,
	saveScreenshot,
	signIn,
	type OAuthRound,
} from './editor.mts';
