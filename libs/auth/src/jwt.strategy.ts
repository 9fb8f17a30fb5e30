// passport-jwt: HS256 only, issuer, audience, expiry and not-before checked; the guard then checks the account.
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a verified access token says: whose it is. */
export interface TokenSubject {
  id: string;
}

interface AccessTokenPayload {
  sub?: unknown;
  typ?: unknown;
  iat?: unknown;
  exp?: unknown;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly maxLifetimeSeconds: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
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

  /**
   * Returning false makes passport answer 401. What it returns is only the token's subject: the AccessGuard reads the
   * account (which must still exist and be active) together with what the route needs, in one statement.
   */
  validate(payload: AccessTokenPayload): TokenSubject | false {
    return this.isAccessToken(payload) ? { id: payload.sub } : false;
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
      UUID.test(payload.sub) &&
      typeof payload.iat === 'number' &&
      typeof payload.exp === 'number' &&
      payload.exp - payload.iat <= this.maxLifetimeSeconds
    );
  }
}
