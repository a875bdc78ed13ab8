/**
 * Cover for someone away (issue 13 §3): while a representative is on leave, a named colleague works their cases
 * and steps (access/roles.ts, `actsFor`) and sees their open steps in My tasks, through the last day away. The
 * absence is recorded on the person's own directory entry, who set it and when; the cover is told by email. A
 * coordinator or manager sets anyone's cover; anyone may set their own.
 */
import { DateTime } from 'luxon';
import * as z from 'zod';
import type { Deps } from '../dependencies';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../errors';
import { coverEmail } from '../letters/notifications';
import { sendOnce } from '../letters/send-once';
import type { Absence, StaffMember } from '../ports';
import { isoDate, requiredText } from '../validation';
import { type Actor, seesAllCases } from './roles';

/** The longest absence recorded at once; a longer one is recorded again (a cover is not a reassignment). */
export const MAX_ABSENCE_DAYS = 366;

export const CoverRequest = z.strictObject({
  /** Who covers; null ends the absence. */
  coverId: requiredText('The person covering', 200).nullable(),
  until: isoDate.optional(),
});
export type CoverRequest = z.infer<typeof CoverRequest>;

type CoverDependencies = Deps<'staff' | 'clock' | 'settings' | 'mailer' | 'sentMail'>;

/** Today's date where the hospital is: an absence "until Friday" ends at the end of its Friday. */
export function hospitalToday(deps: Deps<'clock' | 'settings'>): string {
  return DateTime.fromJSDate(deps.clock.now()).setZone(deps.settings.timeZone).toISODate() as string;
}

export async function setCover(
  deps: CoverDependencies,
  input: { actor: Actor; userId: string; request: CoverRequest },
): Promise<{ away?: Absence }> {
  const { actor, userId, request } = input;
  if (userId !== actor.userId && !seesAllCases(actor)) {
    throw new ForbiddenError('Your role cannot arrange cover for someone else.');
  }
  const member = await deps.staff.get(userId);
  if (!member || member.active === false) throw new NotFoundError('There is no such member of staff.');
  if (request.coverId === null) {
    await deps.staff.setAway(userId, undefined);
    return {};
  }
  const today = hospitalToday(deps);
  const cover = await coverFor(deps, member, request.coverId, today);
  const until = request.until;
  const latest = DateTime.fromISO(today).plus({ days: MAX_ABSENCE_DAYS }).toISODate() as string;
  if (!until || until < today || until > latest) {
    throw new RuleViolationError('Give the last day away.', [
      {
        field: 'until',
        message: `The last day away must be from today (${today}) to ${latest}.`,
      },
    ]);
  }
  const away: Absence = {
    coverId: cover.userId,
    coverName: cover.name,
    until,
    setBy: actor.userId,
    setAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.staff.setAway(userId, away))) throw new NotFoundError('There is no such member of staff.');
  // Told after the record, once per absence however often the request is repeated: a failed email does not undo
  // the cover (the console shows it either way), and a retry sends it.
  await sendOnce(
    deps,
    `cover:${userId}:${cover.userId}:${until}`,
    coverEmail(cover.email, member.name, until, deps.settings),
  );
  return { away };
}

async function coverFor(
  deps: Deps<'staff'>,
  member: StaffMember,
  coverId: string,
  today: string,
): Promise<StaffMember> {
  const invalid = (message: string) =>
    new RuleViolationError('Choose someone else to cover.', [{ field: 'coverId', message }]);
  if (coverId === member.userId) throw invalid('Someone away cannot cover for themselves.');
  const cover = await deps.staff.get(coverId);
  if (!cover || cover.active === false || cover.roles.length === 0) {
    throw invalid('There is no such active member of staff.');
  }
  if (cover.away && cover.away.until >= today) {
    throw invalid(`${cover.name} is away until ${cover.away.until}.`);
  }
  return cover;
}

/** An absence still running on `today`. */
export function awayOn(member: Pick<StaffMember, 'away'>, today: string): Absence | undefined {
  return member.away && member.away.until >= today ? member.away : undefined;
}

/** The signed-in person with the colleagues they cover today (checked on every request, so cover ends on time). */
export async function withCover(deps: Deps<'staff' | 'clock' | 'settings'>, actor: Actor): Promise<Actor> {
  const covering = await deps.staff.listCovered(actor.userId, hospitalToday(deps));
  return covering.length > 0 ? { ...actor, covering } : actor;
}
