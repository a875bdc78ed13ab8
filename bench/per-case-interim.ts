/**
 * 4b. A grievance whose 7-day response target passes before the response (the interim letter, CMS tag A-0123).
 * Runs at SLA_TIME_SCALE 86,400: a virtual day per second, nights and weekends skipped.
 */
import type { SectionResult } from './harness';
import { ASSIGN, CLOSE, countCase, draftFromView, FINDINGS } from './per-case';

export async function run(): Promise<SectionResult> {
  if (process.env.SLA_TIME_SCALE !== '86400')
    throw new Error('Run with SLA_TIME_SCALE=86400 (bench/run.ts does)');
  const count = await countCase(
    'Grievance with an interim letter',
    async (_bench, _caseId, reference, actor) => {
      await actor.step('triage', 'coordinator@example.org', () => ({ ...ASSIGN, type: 'grievance' }));
      await actor.waitForMail(`We are still looking into your complaint [${reference}]`);
      await actor.step('investigation', 'rep@example.org', () => FINDINGS);
      await actor.step('response', 'rep@example.org', draftFromView);
      await actor.step('approval', 'manager@example.org', () => ({ outcome: 'approve' }));
      await actor.step('closure', 'coordinator@example.org', () => CLOSE);
    },
  );
  return { title: '4b', markdown: '', data: count, checks: [] };
}
