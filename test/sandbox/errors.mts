/** A Clio API error, answered as `{"error":{"type","message"}}` (api-facts §3.6). */
export class ApiError extends Error {
	constructor(
		public status: number,
		public type: string,
		message: string,
		/** When set, the request is recorded as a violation of the Clio API contract. */
		public violation = false,
		public headers: Record<string, string> = {},
	) {
		super(message);
	}

	/** Violations to record; defaults to the message when this error is a violation. */
	violations?: string[];

	violationList(): string[] {
		return this.violations ?? (this.violation ? [this.message] : []);
	}

	body(): { error: { type: string; message: string } } {
		return { error: { type: this.type, message: this.message } };
	}
}

export const errors = {
	/** Non-conformant request parameters (api-facts §3.2, §3.3: 400 for bad params/fields). */
	badRequest: (message: string, violations?: string[]) => {
		const err = new ApiError(400, 'ArgumentError', message, true);
		err.violations = violations;
		return err;
	},
	/** Spec-invalid request body. */
	invalidBody: (message: string) => new ApiError(422, 'ArgumentError', message, true),
	/** Unknown path or method: part of the contract, so a violation too. */
	noRoute: (method: string, path: string) =>
		new ApiError(404, 'NotFoundError', `No route matches [${method}] "${path}"`, true),
	/** A record that does not exist (api-facts §3.6: NotFoundError "Not Found"). */
	notFound: () => new ApiError(404, 'NotFoundError', 'Not Found'),
	/** Business-rule validation failure (422), not a protocol violation. */
	validation: (message: string) => new ApiError(422, 'ValidationError', message),
	argument: (message: string) => new ApiError(422, 'ArgumentError', message),
	preconditionFailed: () =>
		new ApiError(412, 'PreconditionFailedError', 'The resource has been modified'),
};

export type Errors = typeof errors;
