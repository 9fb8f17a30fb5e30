// Chooses the evidence storage from the configuration.
//
// Local disk is the default: files go under DATA_DIR/evidence, and every api and worker process must see the same
// DATA_DIR. To keep them in an S3-compatible store instead, set:
//   EVIDENCE_STORAGE=s3
//   S3_BUCKET=vigia-evidence                 (required; the bucket must exist)
//   S3_ENDPOINT=https://minio.example.org    (omit for AWS S3)
//   S3_REGION=eu-west-1                      (default us-east-1)
//   S3_ACCESS_KEY_ID=... S3_SECRET_ACCESS_KEY=...   (omit both to use the SDK's default chain, e.g. an IAM role)
//   S3_FORCE_PATH_STYLE=true                 (default; most S3-compatible servers need it, AWS S3 accepts it)
// Files already stored are not moved by the switch: copy the tree under DATA_DIR/evidence into the bucket with the
// same keys (e.g. `aws s3 sync DATA_DIR/evidence s3://bucket --exclude '.tmp/*'`) before switching.
import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { join } from 'node:path';
import { EVIDENCE_STORAGE, type EvidenceStorage } from './evidence-storage';
import { LocalDiskStorage } from './local-disk.storage';
import { S3Storage } from './s3.storage';

export function createEvidenceStorage(config: AppConfig): EvidenceStorage {
  if (config.evidence.storage === 's3') {
    const bucket = config.evidence.s3.bucket;
    // The config schema already refuses s3 without a bucket; this keeps the type honest.
    if (!bucket) throw new Error('S3_BUCKET must be set when EVIDENCE_STORAGE is s3');
    return new S3Storage({ ...config.evidence.s3, bucket }, join(config.dataDir, 'tmp'));
  }
  return new LocalDiskStorage(join(config.dataDir, 'evidence'));
}

export const evidenceStorageProvider: Provider = {
  provide: EVIDENCE_STORAGE,
  inject: [APP_CONFIG],
  useFactory: createEvidenceStorage,
};
