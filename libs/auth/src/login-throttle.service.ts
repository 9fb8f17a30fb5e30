// Counts sign-in attempts per account and per address in PostgreSQL (a success is given back), so the limits hold
// across api processes.
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

  /**
   * Lets an attempt through, or refuses it with 429. The attempt is counted against its account and its address before
   * the password is checked, each in one atomic increment, so attempts sent at the same instant cannot get more guesses
   * than the limits, whether they aim at one account or spread over many from one address. An attempt refused by one
   * limit is given back to the other; an attempt let through must end with `succeeded` or be left counted (a failure).
   */
  async begin(email: string, address: string): Promise<void> {
    const [account, addr] = await Promise.allSettled([this.byAccount.consume(email), this.byAddress.consume(address)]);
    for (const result of [account, addr]) {
      // Only a RateLimiterRes means "over the limit"; anything else (the database away) is the caller's error.
      if (result.status === 'rejected' && !(result.reason instanceof RateLimiterRes)) throw result.reason as Error;
    }
    const blocked = [account, addr].filter((r) => r.status === 'rejected').map((r) => r.reason as RateLimiterRes);
    if (blocked.length === 0) return;
    // Refused: the limit that let it through gets the attempt back (it made no guess).
    if (account.status === 'fulfilled') await this.byAccount.reward(email, 1);
    if (addr.status === 'fulfilled') await this.byAddress.reward(address, 1);
    const wait = Math.max(...blocked.map((r) => Math.ceil(r.msBeforeNext / 1000)), 1);
    throw new DomainException(
      ErrorCode.RateLimited,
      `Too many failed sign-in attempts; try again in ${wait} seconds`,
      undefined,
      { 'retry-after': String(wait) },
    );
  }

  /**
   * The attempt opened the account: the account's failures are forgotten, and the address gets the attempt back, so
   * that only failures add up against an address many people sign in from. (Sign-ins in flight at one instant do
   * count against the address until they succeed.)
   */
  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all([this.byAccount.delete(email), this.byAddress.reward(address, 1)]);
  }
}
