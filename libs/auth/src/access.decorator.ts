// The one decorator that declares who may call a route; the global AccessGuard enforces it.
import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AuthUser, MemberRole, ReviewAccess } from './roles';

export type AccessRule =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'admin' }
  | {
      kind: 'review';
      /** Membership roles allowed; an admin is always allowed. */
      roles: readonly MemberRole[];
      /** Which record the route parameter names; its review is looked up in the ReviewScopeRegistry. */
      via: string;
      /** The route parameter holding that record's id. */
      param: string;
      /**
       * Also accept `?token=` with a calendar feed token for this review (calendar clients cannot send a
       * bearer header). Only for read-only routes.
       */
      feed?: boolean;
    };

export const ACCESS_RULE = 'vigia:access';

export const ANY_MEMBER: readonly MemberRole[] = ['coordinator', 'auditor', 'manager'];

const authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiBearerAuth(), ApiUnauthorizedResponse({ description: 'No or bad token' }));

export const Access = {
  /** Anyone, without a token (login, refresh, health). */
  public: (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule),
  /** Any signed-in, active account. */
  user: (): MethodDecorator & ClassDecorator =>
    applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'user' } satisfies AccessRule), authenticated()),
  /** Global admins only. */
  admin: (): MethodDecorator & ClassDecorator =>
    applyDecorators(
      SetMetadata(ACCESS_RULE, { kind: 'admin' } satisfies AccessRule),
      authenticated(),
      ApiForbiddenResponse({ description: 'Not an admin' }),
    ),
  /**
   * Members of the review that the route's record belongs to, with one of `roles`.
   * A non-member gets 404, exactly as if the record did not exist.
   */
  review: (
    roles: readonly MemberRole[],
    options: { via?: string; param?: string; feed?: boolean } = {},
  ): MethodDecorator & ClassDecorator =>
    applyDecorators(
      SetMetadata(ACCESS_RULE, {
        kind: 'review',
        roles,
        via: options.via ?? 'review',
        param: options.param ?? 'id',
        feed: options.feed ?? false,
      } satisfies AccessRule),
      authenticated(),
      ApiForbiddenResponse({ description: 'A member whose role may not do this' }),
      ApiNotFoundResponse({ description: 'Missing, or not visible to this user' }),
    ),
};

interface AccessRequest {
  user?: AuthUser;
  reviewAccess?: ReviewAccess;
}

/** The signed-in account. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AccessRequest>().user;
  if (!user) throw new Error('CurrentUser used on a route without authentication');
  return user;
});

/** The review the route touches and the caller's role in it, as the guard established. */
export const CurrentReviewAccess = createParamDecorator((_: unknown, ctx: ExecutionContext): ReviewAccess => {
  const access = ctx.switchToHttp().getRequest<AccessRequest>().reviewAccess;
  if (!access) throw new Error('CurrentReviewAccess used on a route without a review rule');
  return access;
});
