// Presence rules for PATCH bodies: `@IsOptional()` also lets null through, which a NOT NULL column cannot take.
import { ValidateIf } from 'class-validator';

/** Absent leaves the value alone; an explicit null fails the other rules. */
export const IfPresent = (): PropertyDecorator => ValidateIf((_o, v) => v !== undefined);

/** Absent or null skip the other rules; null clears the value. */
export const IfValue = (): PropertyDecorator => ValidateIf((_o, v) => v !== undefined && v !== null);
