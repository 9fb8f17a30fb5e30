// Answers of /principles (a fixed catalogue: no bodies).
import type { Locale } from '@vigia/common';
import type { Principle } from '../principle.entity';
import { LocalizedNamesDto, nameIn, namesOf } from './localized-names.dto';

export class PrincipleDto {
  id!: string;
  /** `transparency`, `integrity`, ... `integration`, as findings cite them. */
  code!: string;
  /** The name in the requested locale. */
  name!: string;
  names!: LocalizedNamesDto;
  /** Order of the OECD 2015 Recommendation. */
  position!: number;

  static from(p: Principle, locale?: Locale): PrincipleDto {
    return Object.assign(new PrincipleDto(), {
      id: p.id,
      code: p.code,
      name: nameIn(p, locale),
      names: namesOf(p),
      position: p.position,
    });
  }
}

export class PrinciplePageDto {
  items!: PrincipleDto[];
  nextCursor!: string | null;
}
