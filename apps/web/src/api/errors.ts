// The api's error answers as one exception type the pages can show in plain words.
import type { ErrorBody } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ErrorBody> = {},
  ) {
    super(body.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** A PATCH sent a version someone else has since replaced (the api names both versions). */
  get isVersionConflict(): boolean {
    return (
      this.status === 409 &&
      ((this.body.details ?? []) as unknown[]).some((d) => typeof d === 'object' && d !== null && 'currentVersion' in d)
    );
  }

  /** Field-level problems of a 400, as `{field, messages}`. */
  get fieldErrors(): { field: string; messages: string[] }[] {
    return ((this.body.details ?? []) as unknown[]).filter(
      (d): d is { field: string; messages: string[] } =>
        typeof d === 'object' && d !== null && 'field' in d && Array.isArray((d as { messages?: unknown }).messages),
    );
  }
}

/** A failure before any answer (offline, server gone): status 0. */
export function networkError(): ApiError {
  return new ApiError(0, {});
}

/** The data of an openapi-fetch result, or its error as an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(result.response.status, result.error ?? {});
  }
  return result.data as T;
}
