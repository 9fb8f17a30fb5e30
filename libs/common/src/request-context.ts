// Per-request context (who is acting) carried by AsyncLocalStorage through nestjs-cls.
import { ClsServiceManager, ClsStore } from 'nestjs-cls';

export interface RequestContext extends ClsStore {
  actorId?: string;
  requestId?: string;
}

/** The user acting in the current request or job, if any. */
export function currentActorId(): string | undefined {
  const cls = ClsServiceManager.getClsService<RequestContext>();
  return cls.isActive() ? cls.get('actorId') : undefined;
}

export function setCurrentActor(actorId: string): void {
  const cls = ClsServiceManager.getClsService<RequestContext>();
  if (cls.isActive()) cls.set('actorId', actorId);
}
