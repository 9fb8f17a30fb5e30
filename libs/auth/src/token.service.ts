// Short-lived JWT access tokens and opaque, rotating refresh tokens stored as hashes.
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { UnauthorizedError } from '@vigia/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Calendar feed tokens last a year; removing the member or deactivating the account ends them sooner. */
export const FEED_TOKEN_TTL_SECONDS = 365 * 86_400;

/** A queue-dashboard session lasts half an hour; signing in again is one form away. */
export const BOARD_TICKET_TTL_SECONDS = 30 * 60;

@Injectable()
export class TokenService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
  ) {}

  async issue(userId: string, familyId: string = randomUUID(), manager?: EntityManager): Promise<TokenPair> {
    const accessToken = await this.jwt.signAsync(
      { sub: userId, typ: 'access' },
      {
        secret: this.config.jwt.accessSecret,
        algorithm: 'HS256',
        expiresIn: this.config.jwt.accessTtlSeconds,
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
        notBefore: 0,
        jwtid: randomUUID(),
      },
    );
    const refreshToken = randomBytes(32).toString('base64url');
    await (manager ?? this.dataSource.manager).insert(RefreshToken, {
      userId,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.jwt.refreshTtlSeconds * 1000),
    });
    return { accessToken, refreshToken, expiresIn: this.config.jwt.accessTtlSeconds };
  }

  /**
   * Exchanges a refresh token for a new pair. The token is marked used atomically, so two
   * concurrent exchanges cannot both succeed; presenting a used token revokes its whole family.
   */
  async rotate(
    refreshToken: string,
    isActive: (userId: string) => Promise<boolean>,
  ): Promise<{ userId: string; pair: TokenPair }> {
    const hash = sha256(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const claimed: { user_id: string; family_id: string }[] = await manager.query(
        // A CTE so that TypeORM returns the rows of an UPDATE ... RETURNING as a plain list.
        `WITH claimed AS (
           UPDATE refresh_tokens SET used_at = now()
            WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
            RETURNING user_id, family_id)
         SELECT user_id, family_id FROM claimed`,
        [hash],
      );
      const row = claimed[0];
      if (!row) return { kind: 'refused' as const };
      if (!(await isActive(row.user_id))) {
        await manager.query(
          'UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
          [row.family_id],
        );
        return { kind: 'inactive' as const };
      }
      return { kind: 'ok' as const, userId: row.user_id, pair: await this.issue(row.user_id, row.family_id, manager) };
    });
    if (outcome.kind === 'ok') return { userId: outcome.userId, pair: outcome.pair };
    if (outcome.kind === 'inactive') throw new UnauthorizedError('This account is deactivated');
    // Revoked after the transaction ends: a concurrent exchange may still hold the row's lock until then.
    await this.revokeFamilyOf(hash);
    throw new UnauthorizedError('Refresh token is invalid, expired or already used');
  }

  /**
   * A long-lived token that lets a calendar client fetch one review's feed as this user. It grants nothing
   * else, and every use re-checks that the account is active and still a member of the review.
   */
  issueFeedToken(userId: string, reviewId: string): Promise<string> {
    return this.jwt.signAsync(
      { sub: userId, typ: 'feed', rid: reviewId },
      {
        secret: this.config.jwt.accessSecret,
        algorithm: 'HS256',
        expiresIn: FEED_TOKEN_TTL_SECONDS,
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
      },
    );
  }

  /** The user a feed token was issued to, if it is valid for this review; null otherwise. */
  async verifyFeedToken(token: string, reviewId: string): Promise<string | null> {
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown; typ?: unknown; rid?: unknown }>(token, {
        secret: this.config.jwt.accessSecret,
        algorithms: ['HS256'],
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
      });
      return payload.typ === 'feed' && payload.rid === reviewId && typeof payload.sub === 'string' ? payload.sub : null;
    } catch {
      return null;
    }
  }

  /**
   * A short-lived ticket, kept in an HttpOnly cookie, that lets an admin's browser open the queue dashboard (a page
   * the browser loads itself, so it cannot send a bearer header). It grants nothing else.
   */
  issueBoardTicket(userId: string): Promise<string> {
    return this.jwt.signAsync(
      { sub: userId, typ: 'board' },
      {
        secret: this.config.jwt.accessSecret,
        algorithm: 'HS256',
        expiresIn: BOARD_TICKET_TTL_SECONDS,
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
      },
    );
  }

  /** The user a board ticket was issued to, if it is valid; null otherwise (the caller re-checks the account). */
  async verifyBoardTicket(token: string): Promise<string | null> {
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown; typ?: unknown }>(token, {
        secret: this.config.jwt.accessSecret,
        algorithms: ['HS256'],
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
      });
      return payload.typ === 'board' && typeof payload.sub === 'string' ? payload.sub : null;
    } catch {
      return null;
    }
  }

  /** Revokes the token's family (the whole session); unknown tokens are ignored. */
  async revoke(refreshToken: string): Promise<boolean> {
    return this.revokeFamilyOf(sha256(refreshToken));
  }

  async revokeAllForUser(userId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
      [userId],
    );
  }

  private async revokeFamilyOf(hash: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH revoked AS (
         UPDATE refresh_tokens SET revoked_at = now()
          WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL
          RETURNING id)
       SELECT id FROM revoked`,
      [hash],
    );
    return rows.length > 0;
  }
}
