import { addDays, isoWeek } from './iso-week';

describe('ISO weeks', () => {
  it.each([
    ['2026-11-23', '2026-W48'],
    ['2026-11-29', '2026-W48'],
    ['2026-11-30', '2026-W49'],
    // 1 January 2021 was a Friday: it belongs to the last week of 2020.
    ['2021-01-01', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    // 29 December 2025 is a Monday whose Thursday is in 2026.
    ['2025-12-29', '2026-W01'],
    ['2024-12-31', '2025-W01'],
  ])('names the week of %s %s', (date, week) => {
    expect(isoWeek(date)).toBe(week);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});
