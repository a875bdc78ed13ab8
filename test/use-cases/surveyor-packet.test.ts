/**
 * The surveyor packet (issue 15 §6): one PDF with everything a surveyor asks about one case, read back as text:
 * the determination, the deadlines with their rules, the timeline, the letters in full, the response's check
 * against A-0123 and its approval, and the audit trail; for coordinators and managers, and in the access log.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../functions/core/errors';
import { surveyorPacket } from '../../functions/core/reporting/surveyor-packet';
import { completeTask } from '../../functions/core/review/complete-step';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { familyComplaint, PHI_MARKERS } from '../support/fixtures';
import { caseAt, coordinator, desk, manager, representative } from './desk';

describe('the surveyor packet', () => {
  it('holds the determination, deadlines with rules, timeline, letters, the A-0123 check and the audit', async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'approval', { complaint: familyComplaint() });
    await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } });
    await sendCaseCorrespondence(deps, { caseId, action: 'response' });
    const reference = (await deps.cases.getCase(caseId))?.reference;

    await expect(surveyorPacket(deps, representative, caseId)).rejects.toBeInstanceOf(ForbiddenError);
    const { pdf, filename } = await surveyorPacket(deps, coordinator, caseId);
    expect(filename).toBe(`${reference}-surveyor-packet.pdf`);
    const { text, totalPages } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    expect(totalPages).toBeGreaterThan(1);
    for (const expected of [
      `Case ${reference}: surveyor packet`,
      'any written complaint is a grievance',
      'CMS SOM Appendix A, tag A-0123',
      'all present (A grievance response must contain the four elements of 42 CFR 482.13(a)(2)(iii).)',
      'Approved',
      'Morgan Manager',
      'Our response to your complaint',
      // The letter in full, as the patient's family received it (held back until authority was settled).
      'because of a staffing gap',
      PHI_MARKERS.description,
      'case.triaged',
      'Audit trail as recorded',
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(expected);
    }
    expect(deps.accessLog.entries.filter((entry) => entry.action === 'surveyor-packet')).toHaveLength(1);
  });
});
