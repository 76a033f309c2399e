// The two S3 calls the desk makes (PutObject, GetObject) as signed requests. The payload is signed
// by its SHA-256 (S3 checks it), and PutObject also carries the checksum S3 keeps with the object.
import { createHash } from 'node:crypto';
import { awsService, type ServiceOptions } from './signed-request';

export interface S3 {
  putObject(input: { bucket: string; key: string; body: Uint8Array; sha256?: string }): Promise<void>;
  /** The object's bytes; an absent key throws AwsRequestError with code `NoSuchKey`. */
  getObject(input: { bucket: string; key: string }): Promise<Buffer>;
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

export function s3Client(options: ServiceOptions = {}): S3 {
  const service = awsService(
    { signingName: 's3', endpointEnvName: 'S3', host: (region) => `s3.${region}.amazonaws.com`, s3: true },
    options,
  );
  // AWS's host addresses the bucket by name (virtual-hosted); an endpoint of our own (a local
  // server, a gateway) by path, as the SDK's forcePathStyle would.
  const pathOf = (bucket: string, key: string) => {
    const encodedKey = key.split('/').map(encodeSegment).join('/');
    return service.customEndpoint ? `/${bucket}/${encodedKey}` : `/${encodedKey}`;
  };
  const hostOf = (bucket: string) =>
    service.customEndpoint ? {} : { hostname: `${bucket}.s3.${service.region}.amazonaws.com` };
  return {
    async putObject({ bucket, key, body, sha256 }) {
      const hex = sha256 ?? createHash('sha256').update(body).digest('hex');
      await service.send({
        method: 'PUT',
        ...hostOf(bucket),
        path: pathOf(bucket, key),
        headers: {
          'x-amz-content-sha256': hex,
          'x-amz-checksum-sha256': Buffer.from(hex, 'hex').toString('base64'),
        },
        body,
      });
    },
    async getObject({ bucket, key }) {
      const { body } = await service.send({
        method: 'GET',
        ...hostOf(bucket),
        path: pathOf(bucket, key),
        headers: { 'x-amz-content-sha256': EMPTY_SHA256 },
      });
      return body;
    },
  };
}

/** RFC 3986 unreserved characters stay; everything else is percent-encoded, as SigV4 wants it. */
const encodeSegment = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
