// Counts failed logins per account and per address in PostgreSQL, so the limit holds across api processes.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { DomainException, ErrorCode } from '@vigia/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

@Injectable()
export class LoginThrottleService {
  private readonly byAccount: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(@Inject(APP_CONFIG) config: AppConfig, dataSource: DataSource) {
    // TypeORM's own pg pool; the table is created by a migration, not by the library.
    const pool = (dataSource.driver as unknown as { master: unknown }).master;
    const common = {
      storeClient: pool,
      storeType: 'pool',
      tableName: 'login_throttle',
      tableCreated: true,
      clearExpiredByTimeout: false,
      duration: config.login.windowSeconds,
    };
    this.byAccount = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'account',
      points: config.login.maxFailuresPerAccount,
    });
    this.byAddress = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'address',
      points: config.login.maxFailuresPerAddress,
    });
  }

  /** Refuses with 429 while either the account or the address has used up its failures. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const [account, addr] = await Promise.all([this.byAccount.get(email), this.byAddress.get(address)]);
    const blocked = [
      account && account.consumedPoints >= this.byAccount.points ? account : null,
      addr && addr.consumedPoints >= this.byAddress.points ? addr : null,
    ].filter((r): r is RateLimiterRes => r !== null);
    if (blocked.length > 0) {
      const wait = Math.max(...blocked.map((r) => Math.ceil(r.msBeforeNext / 1000)), 1);
      throw new DomainException(
        ErrorCode.RateLimited,
        `Too many failed sign-in attempts; try again in ${wait} seconds`,
        undefined,
        { 'retry-after': String(wait) },
      );
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    // penalty() adds a point without refusing, so a failure is always counted.
    await Promise.all([this.byAccount.penalty(email, 1), this.byAddress.penalty(address, 1)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}
