/** 4c. A case left untriaged until it is escalated to the manager, then reviewed (SLA_TIME_SCALE 86,400). */
import type { SectionResult } from './harness';
import { countCase, reviewToClosure } from './per-case';

export async function run(): Promise<SectionResult> {
  if (process.env.SLA_TIME_SCALE !== '86400')
    throw new Error('Run with SLA_TIME_SCALE=86400 (bench/run.ts does)');
  const count = await countCase(
    'Escalated case (untriaged for days)',
    async (_bench, _caseId, reference, actor) => {
      await actor.waitForMail(`Escalation: Triage overdue for ${reference}`);
      await reviewToClosure(actor, 'grievance');
    },
  );
  return { title: '4c', markdown: '', data: count, checks: [] };
}
