import { TestApp } from './support/test-app';

const SOURCE =
  'Recursos y Servicios - Sistema Nacional de Salud, Boletín de Información Estadística, Número 12, 1992, p. 77.';

describe('institution indicators', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('records a figure for an admin and answers its value as a JSON number', async () => {
    const admin = await t.admin();
    const inst = await t.institution('IMSS');
    const res = await t.post(
      `/institutions/${inst.id}/indicators`,
      { metric: 'people_covered', year: 1992, value: 37400000, unit: 'people', source: SOURCE },
      admin.token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      institutionId: inst.id,
      metric: 'people_covered',
      year: 1992,
      value: 37400000,
      unit: 'people',
      source: SOURCE,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const fraction = await t.post(
      `/institutions/${inst.id}/indicators`,
      { metric: 'beds_per_thousand', year: 1992, value: 0.7381, source: SOURCE },
      admin.token,
    );
    expect(fraction.status).toBe(201);
    expect(fraction.body).toMatchObject({ value: 0.7381, unit: null });
    const list = await t.get(`/institutions/${inst.id}/indicators`, admin.token);
    expect(list.body.items.map((i: any) => [i.metric, i.value, typeof i.value])).toEqual([
      ['beds_per_thousand', 0.7381, 'number'],
      ['people_covered', 37400000, 'number'],
    ]);
    const { rows } = await t.db.query(`SELECT actor_id FROM audit_events WHERE entity_type = 'indicator'`);
    expect(rows).toEqual([{ actor_id: admin.id }, { actor_id: admin.id }]);
  });

  it('lets any user read the figures and only admins record them', async () => {
    const admin = await t.admin();
    const user = await t.user('Reader');
    const inst = await t.institution();
    const body = { metric: 'hospital_beds', year: 1992, value: 27603, unit: 'beds', source: SOURCE };
    expect((await t.post(`/institutions/${inst.id}/indicators`, body, user.token)).status).toBe(403);
    expect((await t.post(`/institutions/${inst.id}/indicators`, body, admin.token)).status).toBe(201);
    const read = await t.get(`/institutions/${inst.id}/indicators`, user.token);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ items: [expect.objectContaining(body)], nextCursor: null });
    expect((await t.get(`/institutions/${inst.id}/indicators`)).status).toBe(401);
  });

  it('refuses a second figure for the same metric and year with 409 and keeps the first', async () => {
    const admin = await t.admin();
    const inst = await t.institution();
    const first = { metric: 'medical_units_total', year: 1992, value: 1180, source: SOURCE };
    expect((await t.post(`/institutions/${inst.id}/indicators`, first, admin.token)).status).toBe(201);
    const dup = await t.post(`/institutions/${inst.id}/indicators`, { ...first, value: 1170 }, admin.token);
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('medical_units_total');
    // Another year, or another institution, is a different figure.
    expect((await t.post(`/institutions/${inst.id}/indicators`, { ...first, year: 1993 }, admin.token)).status).toBe(
      201,
    );
    const other = await t.institution();
    expect((await t.post(`/institutions/${other.id}/indicators`, first, admin.token)).status).toBe(201);
    const list = await t.get(`/institutions/${inst.id}/indicators?year=1992`, admin.token);
    expect(list.body.items.map((i: any) => i.value)).toEqual([1180]);
  });

  it('answers 404 for an institution that does not exist, and 400 for a malformed id', async () => {
    const admin = await t.admin();
    const ghost = '00000000-0000-4000-8000-000000000000';
    const body = { metric: 'people_covered', year: 1992, value: 1, source: SOURCE };
    expect((await t.get(`/institutions/${ghost}/indicators`, admin.token)).status).toBe(404);
    expect((await t.post(`/institutions/${ghost}/indicators`, body, admin.token)).status).toBe(404);
    expect((await t.get('/institutions/not-a-uuid/indicators', admin.token)).status).toBe(400);
  });

  it('validates metric, year, value, unit and source, and records nothing invalid', async () => {
    const admin = await t.admin();
    const inst = await t.institution();
    const good = { metric: 'nursing_staff', year: 1992, value: 67482, unit: 'people', source: SOURCE };
    const cases: [string, Record<string, unknown>][] = [
      ['metric', { ...good, metric: 'nursingStaff' }],
      ['metric', { ...good, metric: 'nursing-staff' }],
      ['metric', { ...good, metric: '' }],
      ['year', { ...good, year: 1899 }],
      ['year', { ...good, year: 2101 }],
      ['year', { ...good, year: 1992.5 }],
      ['year', { ...good, year: '1992' }],
      ['value', { ...good, value: '67482' }],
      ['value', { ...good, value: null }],
      ['value', { ...good, value: 1e300 }],
      ['value', { ...good, value: 1.23456 }],
      ['unit', { ...good, unit: 'x'.repeat(33) }],
      ['source', { ...good, source: '' }],
      ['source', { ...good, source: undefined }],
      ['id', { ...good, id: inst.id }],
    ];
    for (const [field, body] of cases) {
      const res = await t.post(`/institutions/${inst.id}/indicators`, body, admin.token);
      expect([field, JSON.stringify(body), res.status]).toEqual([field, JSON.stringify(body), 400]);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await t.get(`/institutions/${inst.id}/indicators`, admin.token)).body.items).toEqual([]);
  });

  it('filters by metric and year, and pages by metric then year', async () => {
    const admin = await t.admin();
    const inst = await t.institution();
    const figures: [string, number, number][] = [
      ['medical_doctors', 1993, 44000],
      ['medical_doctors', 1992, 43754],
      ['general_hospitals', 1992, 221],
      ['paramedics', 1992, 88860],
      ['general_hospitals', 1993, 225],
    ];
    for (const [metric, year, value] of figures) {
      const res = await t.post(
        `/institutions/${inst.id}/indicators`,
        { metric, year, value, source: 'S' },
        admin.token,
      );
      expect(res.status).toBe(201);
    }
    const key = (i: any): string => `${i.metric}/${i.year}`;
    const all = (await t.get(`/institutions/${inst.id}/indicators`, admin.token)).body.items.map(key);
    expect(all).toEqual([
      'general_hospitals/1992',
      'general_hospitals/1993',
      'medical_doctors/1992',
      'medical_doctors/1993',
      'paramedics/1992',
    ]);
    const doctors = await t.get(`/institutions/${inst.id}/indicators?metric=medical_doctors`, admin.token);
    expect(doctors.body.items.map(key)).toEqual(['medical_doctors/1992', 'medical_doctors/1993']);
    const y1993 = await t.get(`/institutions/${inst.id}/indicators?year=1993`, admin.token);
    expect(y1993.body.items.map(key)).toEqual(['general_hospitals/1993', 'medical_doctors/1993']);
    const both = await t.get(`/institutions/${inst.id}/indicators?metric=paramedics&year=1992`, admin.token);
    expect(both.body.items.map((i: any) => i.value)).toEqual([88860]);
    expect((await t.get(`/institutions/${inst.id}/indicators?year=recent`, admin.token)).status).toBe(400);
    expect((await t.get(`/institutions/${inst.id}/indicators?metric=Bad-Metric`, admin.token)).status).toBe(400);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t.get(
        `/institutions/${inst.id}/indicators?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        admin.token,
      );
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...res.body.items.map(key));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });
});
