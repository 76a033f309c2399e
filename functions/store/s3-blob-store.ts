// The BlobStore port on S3 (AWS): raw mail and attachments, content-addressed like the local
// folder store, so a redelivered message is kept once. Encryption is the bucket's default.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { sha256Of, type BlobStore } from './blob-store';

export function createS3BlobStore(client: S3Client, bucket: string): BlobStore {
  return {
    async put(bytes, { prefix, extension = '' }) {
      const sha256 = sha256Of(bytes);
      const key = `${prefix}/${sha256}${extension}`;
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        }),
      );
      return { key, sha256 };
    },
    async get(key) {
      try {
        return await readRawMail(client, bucket, key);
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey' || error instanceof RawMailMissingError) return null;
        throw error;
      }
    },
  };
}

export class RawMailMissingError extends Error {
  override readonly name = 'RawMailMissingError';
  constructor(readonly key: string) {
    super(`no raw mail at ${key}`);
  }
}

/** The bytes SES's receipt rule stored for a message. */
export async function readRawMail(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!Body) throw new RawMailMissingError(key);
  return Buffer.from(await Body.transformToByteArray());
}
