import { digestText, formatDate, recommendationTitle, reminderText } from './reminder-messages';

const review = { title: 'ISSSTESON 2026', link: 'https://vigia.example.org/reviews/r1' };
const report = { itemType: 'deliverable' as const, title: 'Diagnostic report', dueOn: '2026-12-01' };

describe('reminder wording', () => {
  it('says how many days are left, in each language, with the date written out', () => {
    expect(reminderText(report, 'en', '2026-11-28', review).title).toBe(
      'Deliverable «Diagnostic report» is due in 3 days (1 December 2026)',
    );
    expect(reminderText(report, 'es', '2026-11-28', review).title).toBe(
      'El entregable «Diagnostic report» vence en 3 días (1 de diciembre de 2026)',
    );
    expect(reminderText(report, 'fr', '2026-11-28', review).title).toBe(
      'Le livrable « Diagnostic report » arrive à échéance dans 3 jours (1 décembre 2026)',
    );
  });

  it('uses the singular for one day and says today on the day', () => {
    expect(reminderText(report, 'en', '2026-11-30', review).title).toContain('is due in 1 day (');
    expect(reminderText(report, 'es', '2026-12-01', review).title).toContain('vence hoy (');
  });

  it('words an overdue item by how late it is', () => {
    expect(reminderText(report, 'en', '2026-12-09', review).title).toBe(
      'Deliverable «Diagnostic report» is overdue by 8 days (due 1 December 2026)',
    );
    expect(reminderText(report, 'fr', '2026-12-02', review).title).toContain('est en retard de 1 jour');
  });

  it('shows a milestone at its precision and ends the body with the review and its link', () => {
    const text = reminderText(
      {
        itemType: 'milestone',
        title: 'Fieldwork done',
        dueOn: '2017-03-31',
        plannedOn: '2017-03-01',
        precision: 'month',
      },
      'es',
      '2017-03-30',
      review,
    );
    expect(text.title).toBe('El hito «Fieldwork done» vence en 1 día (Marzo de 2017)');
    expect(text.body).toBe(`${text.title}\n\nRevisión: ISSSTESON 2026\nhttps://vigia.example.org/reviews/r1`);
  });

  it('keeps titles within 300 characters however long the item title', () => {
    const long = { ...report, title: 'x'.repeat(400) };
    expect(reminderText(long, 'fr', '2026-11-28', review).title.length).toBeLessThanOrEqual(300);
    expect(recommendationTitle(`Publish   every\naward ${'y'.repeat(200)}`)).toMatch(/^Publish every award y+…$/);
  });

  it('lists the late items of a digest with their days late', () => {
    const text = digestText([report], 'en', '2026-12-09', review);
    expect(text.title).toBe('Weekly digest: 1 late item in «ISSSTESON 2026»');
    expect(text.body).toContain('- Deliverable «Diagnostic report»: due 1 December 2026, 8 days late');
  });

  it('writes dates as each language does', () => {
    expect(formatDate('2026-12-01', 'en')).toBe('1 December 2026');
    expect(formatDate('2026-12-01', 'es')).toBe('1 de diciembre de 2026');
    expect(formatDate('2026-12-01', 'fr')).toBe('1 décembre 2026');
  });
});
