// The BlobStore port on S3 (AWS): raw mail and attachments, content-addressed like the local
// folder store, so a redelivered message is kept once. Encryption is the bucket's default.
import { AwsRequestError } from '../aws/signed-request';
import type { S3 } from '../aws/s3';
import { sha256Of, type BlobStore } from './blob-store';

export function createS3BlobStore(client: S3, bucket: string): BlobStore {
  return {
    async put(bytes, { prefix, extension = '' }) {
      const sha256 = sha256Of(bytes);
      const key = `${prefix}/${sha256}${extension}`;
      await client.putObject({ bucket, key, body: bytes, sha256 });
      return { key, sha256 };
    },
    async get(key) {
      try {
        return await readRawMail(client, bucket, key);
      } catch (error) {
        if (isMissing(error)) return null;
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

// S3 answers an absent key with NoSuchKey (a bare 404 where the answer has no body).
const isMissing = (error: unknown) =>
  error instanceof RawMailMissingError ||
  (error instanceof AwsRequestError && (error.code === 'NoSuchKey' || error.status === 404));

/** The bytes SES's receipt rule stored for a message. */
export async function readRawMail(client: S3, bucket: string, key: string): Promise<Buffer> {
  try {
    return await client.getObject({ bucket, key });
  } catch (error) {
    if (isMissing(error)) throw new RawMailMissingError(key);
    throw error;
  }
}
