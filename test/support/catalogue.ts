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
