// Checks that the catalogue entries a finding names (its focus area and principles) exist.
import { FocusArea, Principle } from '@vigia/catalogues';
import { type FieldError, InvalidInputError } from '@vigia/common';
import { type EntityManager, In } from 'typeorm';

export interface FindingReferences {
  focusAreaId?: string;
  principleCodes?: string[];
}

/** Refuses, with one 400 naming every bad field, a focus area or principle codes missing from the catalogues. */
export async function assertFindingReferences(manager: EntityManager, refs: FindingReferences): Promise<void> {
  const errors: FieldError[] = [];
  if (refs.focusAreaId !== undefined) {
    const found = await manager.getRepository(FocusArea).exists({ where: { id: refs.focusAreaId } });
    if (!found) errors.push({ field: 'focusAreaId', messages: ['focusAreaId must name a focus area'] });
  }
  if (refs.principleCodes !== undefined) {
    const known = await manager
      .getRepository(Principle)
      .find({ select: { code: true }, where: { code: In(refs.principleCodes) } });
    const codes = new Set(known.map((p) => p.code));
    const unknown = refs.principleCodes.filter((code) => !codes.has(code));
    if (unknown.length > 0) {
      errors.push({ field: 'principleCodes', messages: [`unknown principle codes: ${unknown.join(', ')}`] });
    }
  }
  if (errors.length > 0) throw new InvalidInputError('Some references are not in the catalogues', errors);
}
