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
  override readonly name = 'ConflictError';
}
