// The global guard: every route must declare an Access rule; review routes check membership here and only here.
import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ForbiddenError, InvalidInputError, NotFoundError, setCurrentActor, UnauthorizedError } from '@vigia/common';
import { ACCESS_RULE, AccessRule } from './access.decorator';
import { ReviewScopeRegistry } from './review-scope.registry';
import type { AuthUser, ReviewAccess } from './roles';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface GuardedRequest {
  user?: AuthUser;
  reviewAccess?: ReviewAccess;
  params?: Record<string, string | undefined>;
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

    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const user = request.user;
    if (!user) throw new UnauthorizedError();
    setCurrentActor(user.id);

    if (rule.kind === 'user') return true;
    if (rule.kind === 'admin') {
      if (user.role !== 'admin') throw new ForbiddenError('Only an admin may do this');
      return true;
    }

    const id = request.params?.[rule.param];
    if (!id || !UUID.test(id)) {
      throw new InvalidInputError(`${rule.param} must be a UUID`, [
        { field: rule.param, messages: ['must be a UUID'] },
      ]);
    }
    const reviewId = await this.scopes.resolve(rule.via, id);
    if (!reviewId) throw new NotFoundError(label(rule.via));
    const memberRole = await this.scopes.membership(reviewId, user.id);
    if (user.role !== 'admin') {
      if (!memberRole) throw new NotFoundError(label(rule.via));
      if (!rule.roles.includes(memberRole)) throw new ForbiddenError(`A review ${memberRole} may not do this`);
    }
    request.reviewAccess = { reviewId, memberRole };
    return true;
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
