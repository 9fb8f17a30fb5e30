// The HTML report: self-contained, in the report's language, printable, and every piece of data shown as text.
import { LOCALES } from '@vigia/common';
import { REPORT_KINDS } from '../report.entity';
import { DICTIONARIES } from './report-dictionary';
import { renderReport } from './report-renderer';
import { FIXTURE_FINDING_TITLE, reportFixture } from './testing/report-fixtures';

const SEASON = { en: 'Summer 2019', es: 'Verano de 2019', fr: 'Été 2019' } as const;
/** As Intl writes 62.5 % in each locale: no space, or a no-break space (narrow in French with newer CLDR data). */
const RATE = { en: /62\.5%/, es: /62,5\u00a0%/, fr: /62,5[\u00a0\u202f]%/ } as const;

describe('HTML reports', () => {
  describe.each(REPORT_KINDS)('a %s report', (kind) => {
    it.each(LOCALES)('is one self-contained, printable document in %s', async (locale) => {
      const dict = DICTIONARIES[locale];
      const report = await renderReport(reportFixture(kind, locale), 'html');
      expect(report.contentType).toBe('text/html; charset=utf-8');
      const html = report.body.toString('utf8');

      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).toContain(`<html lang="${locale}">`);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain('@page { size: A4;');
      expect(html).toContain('break-before: page');
      expect(html).toContain(`<h1>${dict.kinds[kind]}</h1>`);
      expect(html).toContain('<th scope="col"');
      expect(html).toContain('<svg ');
      // Nothing is fetched from elsewhere: no scripts, stylesheets, images or fonts by reference.
      expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
      expect(html).not.toMatch(/\ssrc=/i);
      expect(html).toMatch(RATE[locale]);
    });
  });

  it.each(LOCALES)('names milestones at their precision in %s', async (locale) => {
    const html = (await renderReport(reportFixture('milestone', locale), 'html')).body.toString('utf8');
    expect(html).toContain(`<td>${SEASON[locale]}</td>`);
    expect(html).toContain(`<th scope="row">${DICTIONARIES[locale].followUpStatuses.implemented}</th>`);
  });

  it('shows a finding titled as a script as text, and escapes every other field too', async () => {
    const data = reportFixture('full', 'fr');
    data.findings[0].title = '<script>alert(1)</script>';
    data.findings[0].condition = '"><img src=x onerror=alert(2)>';
    data.findings[0].recommendations[0].text = "Cotizar & comparar <b>'precios'</b>";
    data.header.review.title = 'Examen <i>ISSSTESON</i>';
    data.focusAreas[0].name = '</svg><script>alert(3)</script>';
    const html = (await renderReport(data, 'html')).body.toString('utf8');

    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('Cotizar &amp; comparar &lt;b&gt;&#39;precios&#39;&lt;/b&gt;');
    expect(html).toContain('<title>Rapport d’examen – Examen &lt;i&gt;ISSSTESON&lt;/i&gt;</title>');
    expect(html).toContain('&lt;/svg&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<img|<i>|<b>/i);
  });

  it('keeps accents and guillemets as they are', async () => {
    const html = (await renderReport(reportFixture('findings', 'es'), 'html')).body.toString('utf8');
    expect(html).toContain(FIXTURE_FINDING_TITLE);
    expect(html).toContain('«oficio DA/0412/2018»');
  });
});
