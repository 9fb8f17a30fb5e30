// Global queue layer: QueueService for adding jobs everywhere, QueueWorkerHost running handlers where asked.
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { QUEUE_OPTIONS, type QueueModuleOptions } from './queue.options';
import { QueueService } from './queue.service';
import { QueueWorkerHost } from './queue-worker.host';

@Module({})
export class QueueModule {
  static register(options: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: QUEUE_OPTIONS, useValue: options }, QueueService, QueueWorkerHost],
      exports: [QueueService],
    };
  }
}
