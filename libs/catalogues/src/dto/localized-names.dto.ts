// A catalogue entry's name in each language the product speaks, and the query that picks one.
import { LOCALES, type Locale, PageQueryDto, Trim } from '@vigia/common';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class LocalizedNamesDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  en!: string;

  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  es!: string;

  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fr!: string;
}

/** Some of the names; the others stay as they are. */
export class PartialLocalizedNamesDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  en?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  es?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fr?: string;
}

export class CatalogueQueryDto extends PageQueryDto {
  /** Language of `name` in the answer; `names` always carries all three. */
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

/** The three name columns every catalogue entity has. */
export interface NamedEntry {
  nameEn: string;
  nameEs: string;
  nameFr: string;
}

export function namesOf(entry: NamedEntry): LocalizedNamesDto {
  return { en: entry.nameEn, es: entry.nameEs, fr: entry.nameFr };
}

export function nameIn(entry: NamedEntry, locale: Locale = 'en'): string {
  return namesOf(entry)[locale];
}
