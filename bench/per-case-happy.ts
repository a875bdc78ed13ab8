/** 4a. A happy-path complaint, every step done promptly (SLA_TIME_SCALE 1: no clock fires). */
import type { SectionResult } from './harness';
import { countCase, reviewToClosure } from './per-case';

export async function run(): Promise<SectionResult> {
  const count = await countCase('Happy-path complaint', (_bench, _caseId, _reference, actor) =>
    reviewToClosure(actor, 'grievance'),
  );
  return { title: '4a', markdown: '', data: count, checks: [] };
}
