/**
 * Pictures stored content-addressed: the id is the sha256 of the bytes, the file `<dir>/<ab>/<id>.<ext>`
 * (two hex characters of fan-out). The same picture stored twice is one file. Written to a temporary
 * name and renamed, so a reader never sees half a picture. (`images.s3` keeps them in a bucket instead:
 * s3-store.ts.)
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredImage {
  id: string;
  contentType: string;
  bytes: Buffer;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};
const TYPES: Record<string, string> = Object.fromEntries(
  Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]),
);

/** Where pictures are kept, by their id (the sha256 of the bytes). */
export interface ImageStore {
  /** Stores the bytes (once) and returns their id. */
  put(bytes: Buffer, contentType: string): Promise<string>;
  /** The picture with this id, or undefined. */
  get(id: string): Promise<StoredImage | undefined>;
  /** Where, for messages. */
  readonly location: string;
}

/** An image id: 64 lower-case hex characters. */
export const IMAGE_ID = /^[0-9a-f]{64}$/;

export class ImageFileStore implements ImageStore {
  constructor(readonly dir: string) {}

  get location(): string {
    return `folder ${this.dir}`;
  }

  static idOf(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** Stores the bytes (once) and returns their id. */
  async put(bytes: Buffer, contentType: string): Promise<string> {
    const ext = EXTENSIONS[contentType];
    if (!ext) throw new Error(`Cannot store an image of type ${contentType}`);
    const id = ImageFileStore.idOf(bytes);
    const path = this.pathOf(id, ext);
    if (await exists(path)) return id;
    await mkdir(join(this.dir, id.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
    return id;
  }

  /** The picture with this id, or undefined (an id that is not 64 hex characters is never found). */
  async get(id: string): Promise<StoredImage | undefined> {
    if (!IMAGE_ID.test(id)) return undefined;
    for (const ext of Object.keys(TYPES)) {
      try {
        const bytes = await readFile(this.pathOf(id, ext));
        return { id, contentType: TYPES[ext]!, bytes };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return undefined;
  }

  private pathOf(id: string, ext: string): string {
    return join(this.dir, id.slice(0, 2), `${id}.${ext}`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
