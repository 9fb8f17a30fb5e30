import { daysBetween, formatAtPrecision, periodOf, slippageDays } from './date-precision';

describe('dates at a precision', () => {
  it.each([
    ['2017-03-15', 'day', '2017-03-15', '2017-03-15'],
    ['2017-03-15', 'month', '2017-03-01', '2017-03-31'],
    ['2016-02-10', 'month', '2016-02-01', '2016-02-29'],
    ['2018-08-20', 'quarter', '2018-07-01', '2018-09-30'],
    ['2019-07-04', 'season', '2019-06-01', '2019-08-31'],
    ['2019-12-25', 'season', '2019-12-01', '2020-02-29'],
    ['2020-01-15', 'season', '2019-12-01', '2020-02-29'],
    ['2019-04-01', 'season', '2019-03-01', '2019-05-31'],
    ['2019-05-05', 'year', '2019-01-01', '2019-12-31'],
  ] as const)('%s at %s precision spans %s to %s', (date, precision, start, end) => {
    expect(periodOf(date, precision)).toEqual({ start, end });
  });

  it('names the period as the sources do, in each language', () => {
    expect(formatAtPrecision('2017-03-01', 'month', 'en')).toBe('March 2017');
    expect(formatAtPrecision('2017-03-01', 'month', 'es')).toBe('Marzo de 2017');
    expect(formatAtPrecision('2017-03-01', 'month', 'fr')).toBe('Mars 2017');
    expect(formatAtPrecision('2019-06-01', 'season', 'en')).toBe('Summer 2019');
    expect(formatAtPrecision('2019-06-01', 'season', 'es')).toBe('Verano de 2019');
    expect(formatAtPrecision('2019-06-01', 'season', 'fr')).toBe('Été 2019');
    expect(formatAtPrecision('2020-01-10', 'season', 'en')).toBe('Winter 2019');
    expect(formatAtPrecision('2018-08-01', 'quarter', 'en')).toBe('Q3 2018');
    expect(formatAtPrecision('2017-07-12', 'day', 'en')).toBe('12 July 2017');
    expect(formatAtPrecision('2019-01-01', 'year', 'fr')).toBe('2019');
  });

  it('measures slippage from the planned period, not its first day', () => {
    // Planned "Summer 2019": done in July is on time, in mid-September is 15 days late.
    expect(slippageDays('2019-06-01', 'season', '2019-07-20', '2026-01-01')).toBe(0);
    expect(slippageDays('2019-06-01', 'season', '2019-09-15', '2026-01-01')).toBe(15);
    expect(slippageDays('2019-06-01', 'season', '2019-05-30', '2026-01-01')).toBe(-2);
    // Not achieved: late once the period is over, otherwise not yet known.
    expect(slippageDays('2017-03-01', 'month', null, '2017-04-10')).toBe(10);
    expect(slippageDays('2017-03-01', 'month', null, '2017-03-20')).toBeNull();
    expect(slippageDays('2017-03-10', 'day', '2017-03-13', '2030-01-01')).toBe(3);
  });

  it('counts days across month and leap-year boundaries', () => {
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2);
    expect(daysBetween('2019-02-28', '2019-03-01')).toBe(1);
  });
});
