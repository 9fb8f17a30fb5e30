// The twelve principle codes that docs/api.md promises, in the order of the OECD 2015 Recommendation.
export const PRINCIPLE_CODES = [
  'transparency',
  'integrity',
  'access',
  'balance',
  'participation',
  'efficiency',
  'e-procurement',
  'capacity',
  'evaluation',
  'risk-management',
  'accountability',
  'integration',
];

/** A valid draft finding's body (rated 3 x 4 = 12, high), as the register's tests and fixtures create it. */
export function sampleFinding(focusAreaId: string, title: string): Record<string, unknown> {
  return {
    title,
    focusAreaId,
    principleCodes: ['integrity'],
    condition: 'Direct awards without justification',
    criteria: 'Competitive tendering is the rule',
    cause: 'No written procedure',
    effect: 'Higher prices',
    likelihood: 3,
    impact: 4,
  };
}
