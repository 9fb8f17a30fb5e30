// Realistic ReportData for specs and benchmarks: the OECD's review of ISSSTESON, with as many findings as asked.
import { type Locale, periodOf, slippageDays } from '@vigia/common';
import type {
  DeliverableLine,
  FindingLine,
  FindingsReportData,
  FullReportData,
  LateItem,
  MilestoneLine,
  MilestoneReportData,
  RecommendationLine,
  ReportData,
  ReportHeader,
  WorkshopLine,
} from '../../report-data';
import type { ReportKind } from '../../report.entity';
import { countsByFocusArea, ratingTotals, recommendationFigures } from '../report-outline';

export interface ReportFixtureOptions {
  /** How many findings (default 12, which gives 12 recommendations and an implementation rate of 62.5 %). */
  findings?: number;
}

/** The day the fixture's figures are taken. */
export const FIXTURE_AS_OF = '2019-07-15';
/** The first finding's title: accents and «» survive every format. */
export const FIXTURE_FINDING_TITLE = 'Adjudicaciones directas sin justificación técnica en «compras urgentes»';

const FOCUS_AREAS: [code: string, en: string, es: string, fr: string][] = [
  ['transparency-integrity', 'Transparency and integrity', 'Transparencia e integridad', 'Transparence et intégrité'],
  ['efficiency', 'Efficiency', 'Eficiencia', 'Efficience'],
  [
    'secondary-policy-objectives',
    'Secondary policy objectives',
    'Objetivos secundarios de política',
    'Objectifs secondaires des politiques publiques',
  ],
  [
    'professionalisation',
    'Professionalisation of public procurement practitioners',
    'Profesionalización de los servidores públicos de contrataciones',
    'Professionnalisation des acheteurs publics',
  ],
  [
    'competition-bid-rigging',
    'Economic competition and bid rigging',
    'Competencia económica y colusión en licitaciones',
    'Concurrence économique et soumissions concertées',
  ],
  ['e-procurement', 'E-procurement', 'Contratación pública electrónica', 'Marchés publics électroniques'],
];

const PRINCIPLES: [code: string, en: string, es: string, fr: string][] = [
  ['transparency', 'Transparency', 'Transparencia', 'Transparence'],
  ['integrity', 'Integrity', 'Integridad', 'Intégrité'],
  ['access', 'Access', 'Acceso', 'Accès'],
  ['efficiency', 'Efficiency', 'Eficiencia', 'Efficience'],
  ['e-procurement', 'E-procurement', 'Contratación pública electrónica', 'Marchés publics électroniques'],
  ['capacity', 'Capacity', 'Capacidad', 'Capacités'],
  ['risk-management', 'Risk management', 'Gestión de riesgos', 'Gestion des risques'],
  ['accountability', 'Accountability', 'Rendición de cuentas', 'Redevabilité'],
];

const LOCALE_INDEX: Record<Locale, 1 | 2 | 3> = { en: 1, es: 2, fr: 3 };

/** Findings as auditors at ISSSTESON would write them (in Spanish, whatever the report's language). */
const FINDING_TEXTS: { title: string; condition: string; criteria: string; cause: string; effect: string }[] = [
  {
    title: FIXTURE_FINDING_TITLE,
    condition:
      'En 2016 el Instituto adjudicó de forma directa 41 % de sus contratos de medicamentos invocando «urgencia», sin dictamen técnico que la acreditara.',
    criteria:
      'La Ley de Adquisiciones del Estado de Sonora exige que toda excepción a la licitación pública se funde y motive por escrito.',
    cause: 'La planeación anual de compras no se vincula con los inventarios de las farmacias del Instituto.',
    effect: 'Se pierde competencia y se pagan precios hasta 18 % superiores a los de licitaciones comparables.',
  },
  {
    title: 'Publicación incompleta de convocatorias en CompraNet-Sonora',
    condition: 'Doce de las 30 convocatorias revisadas no publicaron sus anexos técnicos ni las actas de aclaración.',
    criteria:
      'Principio de transparencia de la Recomendación del Consejo de la OCDE sobre Contratación Pública (2015).',
    cause: 'El sistema no obliga a adjuntar anexos antes de publicar y no existe un responsable de verificarlo.',
    effect: 'Los licitantes potenciales no cuentan con información suficiente y se reducen las propuestas recibidas.',
  },
  {
    title: 'Posible colusión en licitaciones de material de curación',
    condition:
      'En cinco procedimientos consecutivos los mismos tres licitantes presentaron propuestas con diferencias menores al 0,5 %.',
    criteria: 'Lineamientos de la OCDE para combatir la colusión entre oferentes en licitaciones públicas.',
    cause: 'No se analizan patrones de ofertas ni se comparte información con la COFECE.',
    effect: 'Riesgo de sobreprecios sistemáticos en insumos de alto consumo.',
  },
  {
    title: 'Falta de certificación del personal de adquisiciones',
    condition: 'Solo 3 de los 22 servidores públicos del área de compras han recibido capacitación específica.',
    criteria: 'Principio de capacidad: profesionalización de la función de contratación pública.',
    cause: 'No existe un programa anual de capacitación ni perfiles de puesto para compradores públicos.',
    effect: 'Errores recurrentes en la elaboración de bases y en la evaluación de propuestas.',
  },
  {
    title: 'Consolidación insuficiente de la demanda de medicamentos',
    condition: 'Las unidades médicas compran por separado claves idénticas en periodos coincidentes.',
    criteria: 'Principio de eficiencia: agregación de la demanda y uso de contratos marco.',
    cause: 'Cada unidad administra su presupuesto sin un calendario de compras consolidado.',
    effect: 'Se pierden economías de escala estimadas en 120 millones de pesos al año.',
  },
  {
    title: 'Criterios ambientales ausentes en la compra de equipo médico',
    condition: 'Ninguna de las bases revisadas incluye criterios de eficiencia energética o de disposición final.',
    criteria: 'Objetivos secundarios de política: contratación pública sustentable.',
    cause: 'No hay lineamientos internos sobre compras verdes.',
    effect: 'Mayores costos de operación durante la vida útil de los equipos.',
  },
];

const RECOMMENDATION_TEXTS = [
  'Documentar y publicar el dictamen técnico de cada adjudicación directa antes de formalizar el contrato.',
  'Establecer un calendario anual de compras consolidadas vinculado con los inventarios.',
  'Firmar un convenio de colaboración con la COFECE para el análisis de patrones de ofertas.',
  'Diseñar un programa de certificación para el personal de adquisiciones.',
];
const UNITS = ['Dirección de Adquisiciones', 'Subdirección de Planeación', 'Órgano Interno de Control'];
const AUTHORS = ['María José Núñez', 'Rubén Ibáñez Peña', 'Anaïs Lefèvre'];

/** Recommendations per finding, repeating: 12 for the default 12 findings, some findings without any. */
const RECOMMENDATIONS_PER_FINDING = [2, 1, 0, 1];
/**
 * Latest follow-up status of each recommendation, repeating: the first 12 have 6 implemented and 3 partially,
 * (6 + 3/2) / 12 = 62.5 % implemented, as have any 8 in a row.
 */
const RECOMMENDATION_STATUSES = [
  'implemented',
  'partially_implemented',
  'in_progress',
  'implemented',
  'not_started',
  'implemented',
  'partially_implemented',
  'implemented',
] as const;
const FOLLOW_UP_PATH: Record<(typeof RECOMMENDATION_STATUSES)[number], string[]> = {
  not_started: [],
  in_progress: ['in_progress'],
  partially_implemented: ['in_progress', 'partially_implemented'],
  implemented: ['in_progress', 'partially_implemented', 'implemented'],
};
const FINDING_STATUSES = ['approved', 'approved', 'in_review', 'draft'];
/** Likelihood and impact, repeating: every rating occurs. */
const SCORES: [likelihood: number, impact: number][] = [
  [4, 5],
  [2, 3],
  [3, 3],
  [1, 2],
  [5, 4],
  [3, 2],
  [2, 2],
  [4, 3],
  [1, 1],
  [5, 5],
  [2, 4],
  [3, 1],
  [4, 4],
];

/** Realistic data of the given kind in the given locale; deterministic, so specs can assert exact figures. */
export function reportFixture(kind: 'milestone', locale: Locale, options?: ReportFixtureOptions): MilestoneReportData;
export function reportFixture(kind: 'findings', locale: Locale, options?: ReportFixtureOptions): FindingsReportData;
export function reportFixture(kind: 'full', locale: Locale, options?: ReportFixtureOptions): FullReportData;
export function reportFixture(kind: ReportKind, locale: Locale, options?: ReportFixtureOptions): ReportData;
export function reportFixture(kind: ReportKind, locale: Locale, options: ReportFixtureOptions = {}): ReportData {
  const header = fixtureHeader(kind, locale);
  const findings = fixtureFindings(locale, options.findings ?? 12);
  const findingsByFocusArea = FOCUS_AREAS.map(([code]) => code).map(
    (code) =>
      countsByFocusArea(findings).find((c) => c.code === code) ?? {
        code,
        name: focusArea(code, locale).name,
        low: 0,
        medium: 0,
        high: 0,
        critical: 0,
        total: 0,
      },
  );
  const recommendations = recommendationFigures(findings, FIXTURE_AS_OF);
  switch (kind) {
    case 'findings':
      return { kind, header, findings };
    case 'full':
      return {
        kind,
        header,
        components: [
          {
            title: 'Public Procurement Review',
            description:
              'An analysis and evaluation of the public procurement processes and practices of ISSSTESON, compared with OECD principles and international good practice.',
          },
          { title: 'Capacity-building workshops', description: null },
        ],
        focusAreas: FOCUS_AREAS.map(([code]) => focusArea(code, locale)),
        indicators: [
          {
            metric: 'people_covered',
            year: 2016,
            value: '512843.0000',
            unit: 'people',
            source: 'ISSSTESON, Informe anual 2016',
          },
          {
            metric: 'hospital_beds',
            year: 2016,
            value: '734.0000',
            unit: 'beds',
            source: 'ISSSTESON, Informe anual 2016',
          },
          {
            metric: 'procurement_spend_share',
            year: 2016,
            value: '37.5000',
            unit: '%',
            source: 'Cuenta pública del Estado de Sonora 2016',
          },
        ],
        findingsByFocusArea,
        findingsTotal: ratingTotals(findings),
        findings,
        recommendations,
      };
    case 'milestone': {
      const deliverables = fixtureDeliverables();
      const milestones = fixtureMilestones();
      const late: LateItem[] = [
        ...deliverables
          .filter((d) => d.daysLate > 0)
          .map((d) => ({ type: 'deliverable' as const, title: d.title, dueOn: d.dueOn, daysLate: d.daysLate })),
        ...milestones
          .filter((m) => m.actualOn === null && (m.slippageDays ?? 0) > 0)
          .map((m) => ({
            type: 'milestone' as const,
            title: m.title,
            dueOn: m.plannedEnd,
            daysLate: m.slippageDays ?? 0,
          })),
        ...findings
          .flatMap((f) => f.recommendations)
          .filter((r) => r.status !== 'implemented' && r.targetOn < FIXTURE_AS_OF)
          .map((r) => ({
            type: 'recommendation' as const,
            title: r.text,
            dueOn: r.targetOn,
            daysLate: daysLate(r.targetOn),
          })),
      ].sort((a, b) => b.daysLate - a.daysLate);
      return {
        kind,
        header,
        deliverables,
        milestones,
        workshopsHeld: fixtureWorkshops(),
        findingsByFocusArea,
        findingsTotal: ratingTotals(findings),
        recommendations,
        late,
      };
    }
  }
}

function fixtureHeader(kind: ReportKind, locale: Locale): ReportHeader {
  const titles: Record<Locale, string> = {
    en: 'Public Procurement Review of ISSSTESON',
    es: 'Revisión de la OCDE sobre la contratación pública del ISSSTESON',
    fr: 'Examen de l’OCDE sur les marchés publics de l’ISSSTESON',
  };
  return {
    kind,
    locale,
    asOf: FIXTURE_AS_OF,
    generatedAt: '2019-07-15T16:42:07.000Z',
    review: {
      id: '6f1c0a3e-2b7d-4c55-9a61-0d2f3e4b5a69',
      title: titles[locale],
      status: 'active',
      summary:
        'The Public Procurement Review of the Institute for Security and Social Services of the State Workers of Sonora, Mexico (Instituto de Seguridad y Servicios Sociales de los Trabajadores del Estado de Sonora, ISSSTESON) comprises an analysis and evaluation of the public procurement processes and practices of the Institute, compared with the 2015 Recommendation of the Council on Public Procurement.',
      agreementOn: '2017-03-01',
      startsOn: '2017-03-01',
      endsOn: '2019-08-31',
    },
    institution: {
      name: 'Instituto de Seguridad y Servicios Sociales de los Trabajadores del Estado de Sonora',
      acronym: 'ISSSTESON',
      jurisdiction: 'state',
      state: 'Sonora',
      country: 'MX',
    },
  };
}

function fixtureDeliverables(): DeliverableLine[] {
  const line = (d: Omit<DeliverableLine, 'daysLate'>): DeliverableLine => ({
    ...d,
    daysLate: ['planned', 'in_progress', 'in_review'].includes(d.status) ? Math.max(0, daysLate(d.dueOn)) : 0,
  });
  return [
    line({
      title: 'First capacity-building workshop',
      kind: 'workshop',
      component: 'Capacity-building workshops',
      owner: 'Lucía Hernández',
      dueOn: '2017-07-31',
      status: 'delivered',
      deliveredOn: '2017-07-01',
    }),
    line({
      title: 'Diagnóstico de los procedimientos de adquisición',
      kind: 'briefing',
      component: 'Public Procurement Review',
      owner: 'Rubén Ibáñez Peña',
      dueOn: '2018-12-14',
      status: 'in_review',
      deliveredOn: null,
    }),
    line({
      title: 'Public Procurement Review of ISSSTESON (report)',
      kind: 'report',
      component: 'Public Procurement Review',
      owner: 'María José Núñez',
      dueOn: '2019-08-31',
      status: 'in_progress',
      deliveredOn: null,
    }),
    line({
      title: 'Second capacity-building workshop',
      kind: 'workshop',
      component: 'Capacity-building workshops',
      owner: null,
      dueOn: '2019-08-31',
      status: 'planned',
      deliveredOn: null,
    }),
    line({
      title: 'Nota sobre compras consolidadas',
      kind: 'other',
      component: null,
      owner: null,
      dueOn: '2018-03-31',
      status: 'cancelled',
      deliveredOn: null,
    }),
  ];
}

function fixtureMilestones(): MilestoneLine[] {
  const line = (title: string, plannedOn: string, precision: MilestoneLine['precision'], actualOn: string | null) => ({
    title,
    plannedOn,
    precision,
    plannedEnd: periodOf(plannedOn, precision).end,
    actualOn,
    slippageDays: slippageDays(plannedOn, precision, actualOn, FIXTURE_AS_OF),
  });
  return [
    line('Signature of the agreement between ISSSTESON and the OECD', '2017-03-01', 'month', '2017-03-01'),
    line('Misión de recopilación de información en Hermosillo', '2017-09-25', 'day', '2017-09-25'),
    line('Presentación de hallazgos preliminares a la Junta Directiva', '2018-10-01', 'quarter', '2019-01-20'),
    line('Validación del diagnóstico con la Dirección General', '2019-03-01', 'month', null),
    line(
      'Second capacity building workshop and launching of the Public Procurement Review',
      '2019-06-01',
      'season',
      null,
    ),
  ];
}

function fixtureWorkshops(): WorkshopLine[] {
  return [
    {
      title: 'First capacity building workshop on bid rigging',
      topic: 'Fostering competition and preventing bid rigging',
      startsOn: '2017-07-01',
      endsOn: '2017-07-02',
      location: 'Hermosillo, Sonora',
      participants: 45,
      attended: 38,
      satisfaction: 4.3,
    },
    {
      title: 'Taller de seguimiento: contratos marco',
      topic: 'Agregación de la demanda y contratos marco',
      startsOn: '2018-05-14',
      endsOn: null,
      location: 'Ciudad Obregón, Sonora',
      participants: 30,
      attended: 27,
      satisfaction: null,
    },
  ];
}

function fixtureFindings(locale: Locale, count: number): FindingLine[] {
  let recommendationIndex = 0;
  const findings: Omit<FindingLine, 'number'>[] = [];
  for (let i = 0; i < count; i += 1) {
    const text = FINDING_TEXTS[i % FINDING_TEXTS.length];
    const round = Math.floor(i / FINDING_TEXTS.length);
    const [likelihood, impact] = SCORES[i % SCORES.length];
    const recommendations: RecommendationLine[] = [];
    for (let r = 0; r < RECOMMENDATIONS_PER_FINDING[i % RECOMMENDATIONS_PER_FINDING.length]; r += 1) {
      const status = RECOMMENDATION_STATUSES[recommendationIndex % RECOMMENDATION_STATUSES.length];
      const targetOn = addDays('2018-06-30', (recommendationIndex * 37) % 540);
      recommendations.push({
        text: RECOMMENDATION_TEXTS[recommendationIndex % RECOMMENDATION_TEXTS.length],
        priority: ['high', 'medium', 'low'][recommendationIndex % 3],
        responsibleUnit: UNITS[recommendationIndex % UNITS.length],
        targetOn,
        status,
        followUps: FOLLOW_UP_PATH[status].map((s, k) => ({
          // Follow-ups fall between the agreement and the as-of day, however many recommendations there are.
          on: addDays('2017-09-01', ((recommendationIndex * 11) % 540) + k * 45),
          status: s,
          note:
            k === 0
              ? 'La Dirección de Adquisiciones informó avances y entregó la evidencia «oficio DA/0412/2018».'
              : 'Se verificó la evidencia en la visita de seguimiento.',
          by: AUTHORS[(recommendationIndex + k) % AUTHORS.length],
        })),
      });
      recommendationIndex += 1;
    }
    const [code] = FOCUS_AREAS[i % FOCUS_AREAS.length];
    findings.push({
      title: round === 0 ? text.title : `${text.title} (${round + 1})`,
      focusArea: focusArea(code, locale),
      principles: [PRINCIPLES[i % PRINCIPLES.length], PRINCIPLES[(i + 3) % PRINCIPLES.length]]
        .slice(0, 1 + (i % 2))
        .map((p) => ({ code: p[0], name: p[LOCALE_INDEX[locale]] })),
      status: FINDING_STATUSES[i % FINDING_STATUSES.length],
      likelihood,
      impact,
      rating: ratingOf(likelihood * impact),
      condition: text.condition,
      criteria: text.criteria,
      cause: text.cause,
      effect: text.effect,
      author: AUTHORS[i % AUTHORS.length],
      recommendations,
    });
  }
  // Register order: focus area, then the most serious first, then title.
  const areaOrder = FOCUS_AREAS.map(([code]) => code);
  const severity = ['critical', 'high', 'medium', 'low'];
  return findings
    .sort(
      (a, b) =>
        areaOrder.indexOf(a.focusArea.code) - areaOrder.indexOf(b.focusArea.code) ||
        severity.indexOf(a.rating) - severity.indexOf(b.rating) ||
        a.title.localeCompare(b.title, 'es'),
    )
    .map((f, i) => ({ number: i + 1, ...f }));
}

function focusArea(code: string, locale: Locale): { code: string; name: string } {
  const row = FOCUS_AREAS.find(([c]) => c === code);
  if (!row) throw new Error(`Unknown focus area ${code}`);
  return { code, name: row[LOCALE_INDEX[locale]] };
}

/** As the database computes it from likelihood x impact. */
function ratingOf(score: number): FindingLine['rating'] {
  if (score >= 20) return 'critical';
  if (score >= 10) return 'high';
  if (score >= 5) return 'medium';
  return 'low';
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function daysLate(dueOn: string): number {
  return Math.round((Date.parse(`${FIXTURE_AS_OF}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000);
}
