/** The holiday data we ship, checked against the date-holidays library, and the working-time rules. */
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  CALENDARS,
  calendarCoversUntil,
  WorkingTime,
} from '../../functions/core/sla/calendar';

function libraryHolidays(country: string, region: string | undefined, years: number[], types: string[]) {
  const holidays = region ? new Holidays(country, region) : new Holidays(country);
  return years.flatMap((year) =>
    holidays
      .getHolidays(year)
      .filter((holiday) => types.includes(holiday.type))
      .map((holiday) => holiday.date.slice(0, 10)),
  );
}

function observed(dates: string[]): string[] {
  // US federal rule (5 U.S.C. 6103(b)): a Saturday holiday is observed on Friday, a Sunday one on Monday.
  return dates.map((date) => {
    const day = new Date(`${date}T12:00:00Z`);
    if (day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
    if (day.getUTCDay() === 0) day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString().slice(0, 10);
  });
}

describe('shipped holiday calendars', () => {
  it('US federal: the 11 federal holidays of each year, on their observed dates', () => {
    const calendar: BusinessCalendar = CALENDARS['us-federal'];
    const federal = new Set([
      "New Year's Day",
      'Martin Luther King Jr. Day',
      "Washington's Birthday",
      'Memorial Day',
      'Juneteenth',
      'Independence Day',
      'Labor Day',
      'Columbus Day',
      'Veterans Day',
      'Thanksgiving Day',
      'Christmas Day',
    ]);
    const lib = new Holidays('US');
    const expected = [2026, 2027, 2028].flatMap((year) =>
      observed(
        lib
          .getHolidays(year)
          .filter((holiday) => holiday.type === 'public' && federal.has(holiday.name))
          .map((holiday) => holiday.date.slice(0, 10)),
      ),
    );
    // New Year's Day 2028 falls on a Saturday and is observed on Friday 31 December 2027.
    expect([...calendar.holidays].sort()).toEqual([...new Set(expected)].sort());
  });

  it('England: bank holidays of England and Wales, with substitute days', () => {
    // The library also lists the weekend date of a holiday that has a substitute day; weekends are off anyway.
    const weekday = (date: string) => ![0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());
    const expected = libraryHolidays('GB', 'ENG', [2026, 2027, 2028], ['public', 'bank']).filter(weekday);
    expect([...CALENDARS.england.holidays].sort()).toEqual([...new Set(expected)].sort());
  });

  it('says how far ahead it is good for, so the data can be renewed in time', () => {
    expect(calendarCoversUntil(CALENDARS['us-federal'])).toBe('2028-12-25');
    expect(calendarCoversUntil(CALENDARS.england)).toBe('2028-12-26');
  });
});

describe('WorkingTime', () => {
  const london = new WorkingTime(CALENDARS.england);
  it('knows working days and hours in the calendar zone', () => {
    expect(london.isWorkingTime(new Date('2026-06-01T08:30:00Z'))).toBe(true); // Mon 09:30 BST
    expect(london.isWorkingTime(new Date('2026-06-01T07:30:00Z'))).toBe(false); // 08:30 BST
    expect(london.isWorkingDay(new Date('2026-05-25T10:00:00Z'))).toBe(false); // Spring bank holiday
    expect(london.isWorkingDay(new Date('2026-05-30T10:00:00Z'))).toBe(false); // Saturday
  });
});
