// The global guard: every route must declare an Access rule; review routes check membership here and only here.
import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ForbiddenError, InvalidInputError, NotFoundError, setCurrentActor, UnauthorizedError } from '@vigia/common';
import { ACCESS_RULE, AccessRule } from './access.decorator';
import type { TokenSubject } from './jwt.strategy';
import { ReviewScopeRegistry } from './review-scope.registry';
import { TokenService } from './token.service';
import type { AuthUser, ReviewAccess } from './roles';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface GuardedRequest {
  /** The token's subject after passport, the account after this guard. */
  user?: AuthUser | TokenSubject;
  reviewAccess?: ReviewAccess;
  params?: Record<string, string | undefined>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

function label(via: string): string {
  const spaced = via.replace(/[-_]/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly scopes: ReviewScopeRegistry,
    private readonly tokens: TokenService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      // Deny by default: a route that forgot to declare its access is never open.
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no Access rule`);
      throw new ForbiddenError('This route declares no access rule');
    }
    if (rule.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    if (rule.kind === 'review' && rule.feed) {
      const feedToken = request.query?.token;
      if (typeof feedToken === 'string' && feedToken && !request.headers?.authorization) {
        return this.authorizeFeed(rule.via, rule.param, feedToken, request);
      }
    }

    // Passport checks the token (signature, algorithm, issuer, audience, times, kind) and leaves its subject; the
    // account is read below, with the review and the membership where the route has them, in one statement.
    await super.canActivate(context);
    const subject = request.user?.id;
    if (!subject) throw new UnauthorizedError();

    if (rule.kind !== 'review') {
      const user = await this.scopes.activeUser(subject);
      if (!user) throw new UnauthorizedError('Missing, invalid or expired access token');
      request.user = user;
      setCurrentActor(user.id);
      if (rule.kind === 'admin' && user.role !== 'admin') throw new ForbiddenError('Only an admin may do this');
      return true;
    }

    const id = request.params?.[rule.param];
    if (!id || !UUID.test(id)) {
      // A token for an account that is gone or disabled is refused first, whatever the path says.
      if (!(await this.scopes.activeUser(subject)))
        throw new UnauthorizedError('Missing, invalid or expired access token');
      throw this.badParam(rule.param);
    }
    const { user, reviews } = await this.scopes.access(rule.via, id, subject);
    if (!user) throw new UnauthorizedError('Missing, invalid or expired access token');
    request.user = user;
    setCurrentActor(user.id);
    if (reviews.length === 0) throw new NotFoundError(label(rule.via));
    // The first review (the record's own comes first) where the caller's role allows the action.
    const allowed = reviews.find((r) => r.role !== null && rule.roles.includes(r.role));
    if (allowed) {
      request.reviewAccess = { reviewId: allowed.reviewId, memberRole: allowed.role };
      return true;
    }
    if (user.role === 'admin') {
      request.reviewAccess = { reviewId: reviews[0].reviewId, memberRole: reviews[0].role };
      return true;
    }
    const member = reviews.find((r) => r.role !== null);
    if (!member) throw new NotFoundError(label(rule.via));
    throw new ForbiddenError(`A review ${member.role} may not do this`);
  }

  /** A calendar client presenting a feed token: valid for one review, for an active member only. */
  private async authorizeFeed(via: string, param: string, token: string, request: GuardedRequest): Promise<boolean> {
    const [reviewId] = await this.reviewsOf(via, param, request);
    const userId = await this.tokens.verifyFeedToken(token, reviewId);
    if (!userId) throw new UnauthorizedError('The calendar feed token is invalid or expired');
    const user = await this.scopes.activeUser(userId);
    if (!user) throw new UnauthorizedError('The calendar feed token is invalid or expired');
    const memberRole = await this.scopes.membership(reviewId, user.id);
    if (!memberRole && user.role !== 'admin') throw new NotFoundError(label(via));
    setCurrentActor(user.id);
    request.user = user;
    request.reviewAccess = { reviewId, memberRole };
    return true;
  }

  /** The reviews the route's record lets act on it: its own first. */
  private async reviewsOf(via: string, param: string, request: GuardedRequest): Promise<string[]> {
    const id = request.params?.[param];
    if (!id || !UUID.test(id)) throw this.badParam(param);
    const reviews = await this.scopes.resolve(via, id);
    if (reviews.length === 0) throw new NotFoundError(label(via));
    return reviews;
  }

  private badParam(param: string): InvalidInputError {
    return new InvalidInputError(`${param} must be a UUID`, [{ field: param, messages: ['must be a UUID'] }]);
  }

  override handleRequest<TUser = AuthUser>(err: unknown, user: TUser | false): TUser {
    if (err instanceof Error && !(err instanceof UnauthorizedError)) {
      // A database outage while loading the account is not the client's fault.
      throw err;
    }
    if (!user) throw new UnauthorizedError('Missing, invalid or expired access token');
    return user;
  }
}
