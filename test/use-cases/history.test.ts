/** The change history's use case on in-memory ports: each change kept once, in order, none skipped on failure. */
import { describe, expect, it } from 'vitest';
import { archiveChanges, type TableChange } from '../../functions/core/history/archive-changes';
import { MemoryChangeArchive } from '../support/memory';

const change = (id: string, caseId?: string): TableChange => ({
  id,
  at: '2026-11-30T10:00:00.000Z',
  kind: 'modify',
  keys: { pk: caseId ? `CASE#${caseId}` : 'STAFF#u1', sk: caseId ? 'CASE' : 'STAFF' },
  before: caseId ? { caseId, stage: 'triage' } : undefined,
  after: caseId ? { caseId, stage: 'investigation' } : { userId: 'u1' },
});

describe('archiving the change stream', () => {
  it('keeps each change once with the case it belongs to, however often it is delivered', async () => {
    const history = new MemoryChangeArchive();
    const batch = [change('e1', 'C1'), change('e2')];
    expect(await archiveChanges({ history }, batch)).toEqual({ kept: 2, failed: [] });
    expect(await archiveChanges({ history }, batch)).toEqual({ kept: 2, failed: [] });
    expect([...history.kept.keys()]).toEqual(['e1', 'e2']);
    expect(history.kept.get('e1')).toMatchObject({ caseId: 'C1', before: { stage: 'triage' } });
    expect(history.kept.get('e2')?.caseId).toBeUndefined();
  });

  it('stops at the first change it cannot keep and names it and every later one, so none is skipped', async () => {
    const history = new MemoryChangeArchive();
    await archiveChanges({ history }, [change('e1', 'C1')]);
    history.failNext = 1;
    const outcome = await archiveChanges({ history }, [change('e2', 'C1'), change('e3', 'C1')]);
    expect(outcome).toEqual({ kept: 0, failed: ['e2', 'e3'] });
    expect([...history.kept.keys()]).toEqual(['e1']);
  });
});
