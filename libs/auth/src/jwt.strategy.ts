// passport-jwt: HS256 only, issuer, audience, expiry and not-before checked; the account must still be active.
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import type { AuthUser } from './roles';
import { User } from './users/user.entity';

interface AccessTokenPayload {
  sub?: unknown;
  typ?: unknown;
  iat?: unknown;
  exp?: unknown;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly maxLifetimeSeconds: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a PEM public key on every
      // verification, which cost about 0.8 ms of CPU per request (docs/performance.md). passport-jwt passes it through
      // to jsonwebtoken, which accepts a KeyObject; its typings only know strings and buffers.
      secretOrKey: createSecretKey(Buffer.from(config.jwt.accessSecret)) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 5 },
    });
    this.maxLifetimeSeconds = config.jwt.accessTtlSeconds;
  }

  /** Returning false makes passport answer 401. */
  async validate(payload: AccessTokenPayload): Promise<AuthUser | false> {
    if (!this.isAccessToken(payload)) return false;
    const user = await this.dataSource.getRepository(User).findOne({
      where: { id: payload.sub },
      select: { id: true, email: true, name: true, role: true, active: true },
    });
    if (!user || !user.active) return false;
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }

  /**
   * The library checks exp only when it is present. TokenService always sets iat and exp, so a token without them,
   * or one that lives longer than an access token does, was not issued as an access token: refuse it whatever its
   * other claims say.
   */
  private isAccessToken(payload: AccessTokenPayload): payload is AccessTokenPayload & { sub: string } {
    return (
      payload.typ === 'access' &&
      typeof payload.sub === 'string' &&
      /^[0-9a-f-]{36}$/i.test(payload.sub) &&
      typeof payload.iat === 'number' &&
      typeof payload.exp === 'number' &&
      payload.exp - payload.iat <= this.maxLifetimeSeconds
    );
  }
}
