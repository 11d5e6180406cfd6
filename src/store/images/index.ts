/** Where pictures are kept: the folder beside the database, or an S3-compatible bucket (`images.s3`). */
import { dirname, join } from 'node:path';
import type { Secrets, Settings } from '../../config/index.js';
import { ImageFileStore, type ImageStore } from './file-store.js';
import { S3ImageStore } from './s3-store.js';

export { IMAGE_ID, ImageFileStore, type ImageStore, type StoredImage } from './file-store.js';
export { S3ImageStore } from './s3-store.js';

/** The configured store; a bucket without its keys stops the server from starting, saying which. */
export function imageStoreFor(settings: Settings, secrets: Secrets): ImageStore {
  const s3 = settings.images.s3;
  if (!s3)
    return new ImageFileStore(settings.images.dir ?? join(dirname(settings.database.sqlite_path), 'images'));
  const accessKeyId = secrets.values.S3_ACCESS_KEY_ID;
  const secretAccessKey = secrets.values.S3_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey)
    throw new Error(
      'images.s3 is set: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set in the environment',
    );
  return new S3ImageStore({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    region: s3.region,
    prefix: s3.prefix,
    timeoutMs: s3.timeout_ms,
    accessKeyId,
    secretAccessKey,
  });
}
