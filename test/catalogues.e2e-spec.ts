import { PRINCIPLE_CODES } from './support/catalogue';
import { TestApp } from './support/test-app';

const ISSSTESON_FOCUS_AREAS = [
  'transparency-integrity',
  'efficiency',
  'secondary-policy-objectives',
  'professionalisation',
  'competition-bid-rigging',
  'e-procurement',
];

describe('catalogues: focus areas and principles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('lists the twelve OECD principles in the order of the Recommendation, with the API codes', async () => {
    const user = await t.user('Reader');
    const res = await t.get('/principles', user.token);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((p: { code: string }) => p.code)).toEqual(PRINCIPLE_CODES);
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      code: 'transparency',
      name: 'Transparency',
      names: { en: 'Transparency', es: 'Transparencia', fr: 'Transparence' },
      position: 1,
    });
  });

  it('names each entry in the requested locale, English by default, and always carries all three names', async () => {
    const user = await t.user('Polyglot');
    for (const path of ['/principles', '/focus-areas']) {
      const en = (await t.get(path, user.token)).body.items;
      for (const locale of ['en', 'es', 'fr'] as const) {
        const res = await t.get(`${path}?locale=${locale}`, user.token);
        expect(res.status).toBe(200);
        expect(res.body.items.map((i: any) => i.name)).toEqual(en.map((i: any) => i.names[locale]));
        expect(res.body.items.map((i: any) => i.names)).toEqual(en.map((i: any) => i.names));
      }
      expect(en.every((i: any) => i.name === i.names.en)).toBe(true);
    }
    const es = (await t.get('/focus-areas?locale=es', user.token)).body.items;
    expect(es.find((f: any) => f.code === 'competition-bid-rigging').name).toBe(
      'Competencia económica y colusión en licitaciones',
    );
    const fr = (await t.get('/principles?locale=fr', user.token)).body.items;
    expect(fr.find((p: any) => p.code === 'risk-management').name).toBe('Gestion des risques');
    expect((await t.get('/principles?locale=de', user.token)).status).toBe(400);
  });

  it('lists the six areas of focus of the ISSSTESON review in catalogue order', async () => {
    const user = await t.user('Reader');
    const res = await t.get('/focus-areas', user.token);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((f: { code: string }) => f.code)).toEqual(ISSSTESON_FOCUS_AREAS);
    expect(res.body.items[3]).toMatchObject({
      name: 'Professionalisation of public procurement practitioners',
      position: 4,
      version: 1,
    });
  });

  it('answers 401 without a token', async () => {
    expect((await t.get('/principles')).status).toBe(401);
    expect((await t.get('/focus-areas')).status).toBe(401);
  });

  it('lets only admins add a focus area, which goes to the end of the catalogue and into the audit trail', async () => {
    const admin = await t.admin();
    const user = await t.user('Not an admin');
    const body = {
      code: 'sustainable-procurement',
      names: { en: 'Sustainable procurement', es: 'Compras sostenibles', fr: 'Achats durables' },
    };
    expect((await t.post('/focus-areas', body, user.token)).status).toBe(403);
    const created = await t.post('/focus-areas', body, admin.token);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, name: 'Sustainable procurement', version: 1 });
    const list = (await t.get('/focus-areas?locale=fr', user.token)).body.items;
    expect(list[list.length - 1]).toMatchObject({ code: 'sustainable-procurement', name: 'Achats durables' });
    expect(list[list.length - 1].position).toBeGreaterThan(list[list.length - 2].position);
    const { rows } = await t.db.query(
      `SELECT action, actor_id FROM audit_events WHERE entity_type = 'focus_area' AND entity_id = $1`,
      [created.body.id],
    );
    expect(rows).toEqual([{ action: 'insert', actor_id: admin.id }]);
  });

  it('refuses a duplicate code with 409 and a code that is not kebab-case with 400', async () => {
    const admin = await t.admin();
    const names = { en: 'E-procurement again', es: 'Otra vez', fr: 'Encore' };
    const before = (await t.get('/focus-areas?limit=200', admin.token)).body.items.length;
    const dup = await t.post('/focus-areas', { code: 'e-procurement', names }, admin.token);
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('e-procurement');
    for (const code of ['Bid_Rigging', 'bid rigging', '-bid', 'bid--rigging', '']) {
      const res = await t.post('/focus-areas', { code, names }, admin.token);
      expect([code, res.status]).toEqual([code, 400]);
      expect(res.body.details[0].field).toBe('code');
    }
    const missingName = await t.post('/focus-areas', { code: 'open-data', names: { en: 'Open data' } }, admin.token);
    expect(missingName.status).toBe(400);
    expect(missingName.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['names.es', 'names.fr']);
    expect((await t.post('/focus-areas', { code: 'open-data' }, admin.token)).status).toBe(400);
    expect((await t.get('/focus-areas?limit=200', admin.token)).body.items.length).toBe(before);
  });

  it('lets admins rename a focus area with the version they read; a stale version gets 409 and changes nothing', async () => {
    const admin = await t.admin();
    const user = await t.user('Renamer');
    const area = (await t.get('/focus-areas', admin.token)).body.items.find((f: any) => f.code === 'efficiency');
    expect((await t.patch(`/focus-areas/${area.id}`, { names: { en: 'X' }, version: 1 }, user.token)).status).toBe(403);
    const renamed = await t.patch(
      `/focus-areas/${area.id}`,
      { names: { es: 'Eficiencia en las compras' }, version: area.version },
      admin.token,
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      code: 'efficiency',
      names: { en: 'Efficiency', es: 'Eficiencia en las compras', fr: 'Efficience' },
      version: area.version + 1,
    });
    const stale = await t.patch(
      `/focus-areas/${area.id}`,
      { names: { en: 'Value for money' }, version: area.version },
      admin.token,
    );
    expect(stale.status).toBe(409);
    // The code is stable: clients and findings refer to it.
    expect(
      (await t.patch(`/focus-areas/${area.id}`, { code: 'value', version: area.version + 1 }, admin.token)).status,
    ).toBe(400);
    const now = (await t.get('/focus-areas', admin.token)).body.items.find((f: any) => f.id === area.id);
    expect(now).toMatchObject({ code: 'efficiency', name: 'Efficiency', version: area.version + 1 });
    expect(
      (await t.patch('/focus-areas/00000000-0000-4000-8000-000000000000', { version: 1 }, admin.token)).status,
    ).toBe(404);
  });

  it('offers no way to change the principles', async () => {
    const admin = await t.admin();
    const principle = (await t.get('/principles', admin.token)).body.items[0];
    const body = { code: 'x', names: { en: 'X', es: 'X', fr: 'X' } };
    expect((await t.post('/principles', body, admin.token)).status).toBe(404);
    expect((await t.patch(`/principles/${principle.id}`, { names: { en: 'X' } }, admin.token)).status).toBe(404);
    expect((await t.get('/principles', admin.token)).body.items).toHaveLength(12);
  });

  it('publishes the catalogue, indicator and component routes in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/v1/focus-areas',
        'POST /api/v1/focus-areas',
        'PATCH /api/v1/focus-areas/{id}',
        'GET /api/v1/principles',
        'GET /api/v1/institutions/{id}/indicators',
        'POST /api/v1/institutions/{id}/indicators',
        'GET /api/v1/reviews/{id}/components',
        'POST /api/v1/reviews/{id}/components',
        'PATCH /api/v1/components/{id}',
      ]),
    );
    expect(documented).not.toContain('POST /api/v1/principles');
  });

  it('pages through a catalogue with the shared cursor', async () => {
    const user = await t.user('Pager');
    const all = (await t.get('/principles', user.token)).body.items.map((p: { code: string }) => p.code);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t.get(`/principles?limit=5${cursor ? `&cursor=${cursor}` : ''}`, user.token);
      paged.push(...res.body.items.map((p: { code: string }) => p.code));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });
});
