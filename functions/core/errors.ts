/**
 * Domain errors. Handlers map them to HTTP answers; their messages are written for the person who sent the
 * request and never carry PHI.
 */
export class DomainError extends Error {}

/** The same Idempotency-Key was used before with a different request body. */
export class IdempotencyKeyReusedError extends DomainError {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor() {
    super('This Idempotency-Key was already used with a different request body.');
  }
}

/** A record the request depends on does not exist. */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
}

/** A conditional write lost: somebody else changed the record first. */
export class ConflictError extends DomainError {
  override readonly name: string = 'ConflictError';
}

/** A request the handlers' schemas cannot see is wrong, e.g. a page cursor this API never gave (400). */
export class InvalidRequestError extends DomainError {
  override readonly name = 'InvalidRequestError';
  constructor(
    message: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** The caller's role does not allow the action. */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
}

/** The request is well-formed but breaks a rule of the domain (e.g. a response missing a CMS element). */
export class RuleViolationError extends DomainError {
  override readonly name = 'RuleViolationError';
  constructor(
    message: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/* Errors that storage adapters raise for the core to act on (ports.ts). */

/** Another request holding the same Idempotency-Key committed its case first. */
export class IdempotencyKeyTakenError extends Error {
  override readonly name = 'IdempotencyKeyTakenError';
}

/** A conditional save lost: the case changed since it was read (change-case.ts reads again). */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
}
