/**
 * Business calendars: the time zone, working days and hours, and public holidays of a hospital, as data
 * (./calendars/*.json). SLA durations in working days count only working days; reminders and escalations are
 * sent only in working hours. All arithmetic is in the calendar's own time zone, so daylight-saving changes and
 * month ends fall where people expect them.
 */
import { DateTime } from 'luxon';
import england from './calendars/england.json' with { type: 'json' };
import usFederal from './calendars/us-federal.json' with { type: 'json' };

export interface BusinessCalendar {
  id: string;
  name: string;
  source: string;
  timeZone: string;
  /** ISO weekdays (1 = Monday ... 7 = Sunday). */
  workingDays: number[];
  workingHours: { start: string; end: string };
  /** Dates (YYYY-MM-DD, in the calendar's time zone) that are not working days. */
  holidays: string[];
}

export const CALENDARS = {
  'us-federal': usFederal,
  england,
} satisfies Record<string, BusinessCalendar>;
export type CalendarId = keyof typeof CALENDARS;

/** The last holiday a calendar knows: beyond it every weekday counts as working, so keep the data current. */
export function calendarCoversUntil(calendar: BusinessCalendar): string {
  return [...calendar.holidays].sort().at(-1) ?? '';
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

export class WorkingTime {
  private readonly holidays: ReadonlySet<string>;
  private readonly startMinute: number;
  private readonly endMinute: number;

  constructor(
    readonly calendar: BusinessCalendar,
    /** Overrides the calendar's zone: the organization's own time zone. */
    readonly timeZone: string = calendar.timeZone,
  ) {
    this.holidays = new Set(calendar.holidays);
    this.startMinute = minutesOf(calendar.workingHours.start);
    this.endMinute = minutesOf(calendar.workingHours.end);
  }

  private local(at: Date): DateTime {
    return DateTime.fromJSDate(at, { zone: this.timeZone });
  }

  isWorkingDay(at: Date): boolean {
    const local = this.local(at);
    return this.calendar.workingDays.includes(local.weekday) && !this.holidays.has(local.toISODate() ?? '');
  }

  isWorkingTime(at: Date): boolean {
    if (!this.isWorkingDay(at)) return false;
    const local = this.local(at);
    const minute = local.hour * 60 + local.minute;
    return minute >= this.startMinute && minute < this.endMinute;
  }

  /** `at` itself if it is in working hours, else the start of the next working period. */
  nextWorkingTime(at: Date): Date {
    if (this.isWorkingTime(at)) return at;
    let day = this.local(at).startOf('day');
    const minute = this.local(at).hour * 60 + this.local(at).minute;
    if (this.isWorkingDay(at) && minute < this.startMinute) return this.openingOf(day);
    for (let i = 0; i < 366; i += 1) {
      day = day.plus({ days: 1 });
      if (this.isWorkingDay(day.toJSDate())) return this.openingOf(day);
    }
    throw new Error(`Calendar ${this.calendar.id} has no working day within a year of ${at.toISOString()}`);
  }

  private openingOf(day: DateTime): Date {
    return day.set({ hour: Math.floor(this.startMinute / 60), minute: this.startMinute % 60 }).toJSDate();
  }

  /**
   * Adds working days: the deadline is the same wall-clock time on the Nth working day after `from`; a start on
   * a non-working day counts from the next working day (NHS "within 3 working days").
   */
  addWorkingDays(from: Date, days: number): Date {
    let cursor = this.local(from);
    let counted = 0;
    for (let i = 0; counted < days; i += 1) {
      if (i > days * 7 + 400) throw new Error(`Calendar ${this.calendar.id} ran out of working days`);
      cursor = cursor.plus({ days: 1 });
      if (this.isWorkingDay(cursor.toJSDate())) counted += 1;
    }
    return cursor.toJSDate();
  }
}
