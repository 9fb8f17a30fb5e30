// Where report files are kept: the evidence storage (local disk under DATA_DIR/evidence, or S3), built here too.
//
// Report keys come from the evidence key scheme (newStorageKey), so both kinds of file share one folder or bucket
// without colliding. The storage is built by this module rather than imported with EvidenceModule because the
// worker process runs report jobs without the HTTP features (findings, auth) that EvidenceModule depends on.
import type { Provider } from '@nestjs/common';
import { APP_CONFIG } from '@vigia/config';
import { createEvidenceStorage } from '@vigia/evidence';

/** DI token of the storage report files are written to and read from. */
export const REPORT_STORAGE = Symbol('REPORT_STORAGE');

export const reportStorageProvider: Provider = {
  provide: REPORT_STORAGE,
  inject: [APP_CONFIG],
  useFactory: createEvidenceStorage,
};
