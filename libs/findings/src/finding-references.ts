// Checks that the catalogue entries a finding names (its focus area and principles) exist.
import { type FieldError, InvalidInputError } from '@vigia/common';
import type { EntityManager } from 'typeorm';

export interface FindingReferences {
  focusAreaId?: string;
  principleCodes?: string[];
}

/**
 * Refuses, with one 400 naming every bad field, a focus area or principle codes missing from the catalogues. Both are
 * looked up in one statement: creating a finding runs this on every call.
 */
export async function assertFindingReferences(manager: EntityManager, refs: FindingReferences): Promise<void> {
  if (refs.focusAreaId === undefined && refs.principleCodes === undefined) return;
  const [found] = await manager.query<{ focusArea: boolean; codes: string[] }[]>(
    `SELECT EXISTS (SELECT 1 FROM focus_areas WHERE id = $1::uuid) AS "focusArea",
            ARRAY(SELECT code FROM principles WHERE code = ANY ($2::varchar[])) AS codes`,
    [refs.focusAreaId ?? null, refs.principleCodes ?? []],
  );
  const errors: FieldError[] = [];
  if (refs.focusAreaId !== undefined && !found.focusArea) {
    errors.push({ field: 'focusAreaId', messages: ['focusAreaId must name a focus area'] });
  }
  if (refs.principleCodes !== undefined) {
    const codes = new Set(found.codes);
    const unknown = refs.principleCodes.filter((code) => !codes.has(code));
    if (unknown.length > 0) {
      errors.push({ field: 'principleCodes', messages: [`unknown principle codes: ${unknown.join(', ')}`] });
    }
  }
  if (errors.length > 0) throw new InvalidInputError('Some references are not in the catalogues', errors);
}
