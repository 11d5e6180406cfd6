/**
 * Pictures in an S3-compatible bucket (`images.s3`): the same content addressing as the folder (the key
 * is `<prefix><id>`, the id the sha256 of the bytes), the content type kept as the object's own. Requests
 * are signed with AWS Signature Version 4 (the `aws4` package) and sent with Node's fetch, each with a
 * deadline.
 */
import aws4 from 'aws4';
import { IMAGE_ID, ImageFileStore, type ImageStore, type StoredImage } from './file-store.js';

export interface S3StoreOptions {
  endpoint: string;
  bucket: string;
  region: string;
  prefix: string;
  timeoutMs: number;
  accessKeyId: string;
  secretAccessKey: string;
}

export class S3ImageStore implements ImageStore {
  private readonly base: URL;

  constructor(private readonly options: S3StoreOptions) {
    this.base = new URL(options.endpoint);
  }

  get location(): string {
    return `s3 bucket ${this.options.bucket} at ${this.base.origin}`;
  }

  async put(bytes: Buffer, contentType: string): Promise<string> {
    const id = ImageFileStore.idOf(bytes);
    const response = await this.send('PUT', id, bytes, { 'content-type': contentType });
    if (!response.ok)
      throw new Error(
        `Storing image ${id} in ${this.location} failed: ${response.status} ${await response.text()}`,
      );
    return id;
  }

  async get(id: string): Promise<StoredImage | undefined> {
    if (!IMAGE_ID.test(id)) return undefined;
    const response = await this.send('GET', id);
    if (response.status === 404) return undefined;
    if (!response.ok)
      throw new Error(
        `Reading image ${id} from ${this.location} failed: ${response.status} ${await response.text()}`,
      );
    return {
      id,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }

  /** A signed path-style request (`/<bucket>/<key>`), which every S3-compatible service takes. */
  private send(method: 'GET' | 'PUT', id: string, body?: Buffer, headers: Record<string, string> = {}) {
    const path = `${this.base.pathname.replace(/\/+$/, '')}/${this.options.bucket}/${this.options.prefix}${id}`;
    const signed = aws4.sign(
      {
        host: this.base.host,
        path,
        method,
        service: 's3',
        region: this.options.region,
        headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        ...(body && { body }),
      },
      { accessKeyId: this.options.accessKeyId, secretAccessKey: this.options.secretAccessKey },
    );
    // fetch sends Host and Content-Length itself, with the values signed above. Passing them too is
    // refused by some fetch and dispatcher pairs (Node 22's fetch over undici 7's global dispatcher:
    // "invalid content-length header"), so they are left to fetch.
    const { Host: _host, 'Content-Length': _length, ...sent } = signed.headers as Record<string, string>;
    return fetch(`${this.base.protocol}//${this.base.host}${path}`, {
      method,
      headers: sent,
      ...(body && { body }),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
  }
}
