import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JobHandler } from './job-handler.decorator';
import { JobName } from './queue.constants';
import { QueueModule } from './queue.module';

@Injectable()
class FirstHandler {
  @JobHandler(JobName.VerifyAuditChain)
  async run(): Promise<string> {
    return 'first';
  }
}

@Injectable()
class SecondHandler {
  @JobHandler(JobName.VerifyAuditChain)
  async handle(): Promise<string> {
    return 'second';
  }
}

/** A handler for every other job, so that the cases below differ only in the audit chain's job. */
@Injectable()
class OtherJobs {}
for (const name of Object.values(JobName).filter((n) => n !== JobName.VerifyAuditChain)) {
  const method = `handle-${name}`;
  Object.defineProperty(OtherJobs.prototype, method, { value: async () => name, writable: true, configurable: true });
  JobHandler(name)(OtherJobs.prototype, method, Object.getOwnPropertyDescriptor(OtherJobs.prototype, method)!);
}

// Never connected to: with processors off and no job added, the queue layer opens no connection.
const queueModule = QueueModule.register({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', processors: false });

async function boot(providers: (new () => unknown)[]): Promise<void> {
  const moduleRef = await Test.createTestingModule({ imports: [queueModule], providers }).compile();
  try {
    await moduleRef.init();
  } finally {
    await moduleRef.close();
  }
}

describe('QueueWorkerHost handler discovery', () => {
  it('boots when every job has exactly one handler', async () => {
    await expect(boot([FirstHandler, OtherJobs])).resolves.toBeUndefined();
  });

  it('refuses to boot when a job has two handlers, naming both', async () => {
    await expect(boot([FirstHandler, SecondHandler, OtherJobs])).rejects.toThrow(
      /verify-audit-chain: 2 handlers \(FirstHandler\.run, SecondHandler\.handle\)/,
    );
  });

  it('refuses to boot when a job has no handler', async () => {
    await expect(boot([OtherJobs])).rejects.toThrow(/verify-audit-chain: no @JobHandler/);
  });
});
