/**
 * Human-readable case references: PREFIX-YEAR-SEQUENCE, e.g. PR-2026-000123.
 * The sequence is per prefix and year and comes from an atomic counter (see the case repository), so two
 * concurrent intakes never share a reference; a number burnt by a failed intake leaves a gap, never a duplicate.
 */
export const REFERENCE_PATTERN = /^[A-Z]{1,6}-\d{4}-\d{6,}$/;

export function formatReference(prefix: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1)
    throw new RangeError('sequence must be a positive integer');
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function isReference(value: string): boolean {
  return REFERENCE_PATTERN.test(value);
}
