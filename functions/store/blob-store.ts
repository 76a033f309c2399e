// Where raw mail and attachments are kept: content-addressed (sha256), so the same bytes are kept
// once. A local folder here; S3 in AWS (same port).
import { createHash } from 'node:crypto';
import { mkdir, writeFile, access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface BlobStore {
  /** Stores the bytes; returns their key (`<prefix>/<sha256><extension>`) and digest. */
  put(bytes: Uint8Array, options: { prefix: string; extension?: string }): Promise<{ key: string; sha256: string }>;
  /** The bytes kept under a key, or null if there are none. */
  get(key: string): Promise<Buffer | null>;
}

export const sha256Of = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

export function createLocalFolderStore(root: string): BlobStore {
  return {
    async put(bytes, { prefix, extension = '' }) {
      const sha256 = sha256Of(bytes);
      const key = `${prefix}/${sha256}${extension}`;
      const path = join(root, key);
      await mkdir(join(root, prefix), { recursive: true });
      const exists = await access(path).then(
        () => true,
        () => false,
      );
      if (!exists) await writeFile(path, bytes);
      return { key, sha256 };
    },
    async get(key) {
      // Keys are ours (`<prefix>/<sha256><ext>`); anything else names nothing here.
      if (!/^[\w-]+(\/[\w-]+)*\/[a-f0-9]{64}(\.\w+)?$/.test(key)) return null;
      return readFile(join(root, key)).catch(() => null);
    },
  };
}
