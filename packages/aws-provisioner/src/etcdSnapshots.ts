import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { AwsClients } from './AwsClients.js';
import { ProvisionError } from './ProvisionError.js';
import { awsCall, errorName } from './internal/awsCall.js';

/**
 * Where a cluster's etcd snapshots are, and the key that encrypts what is written there
 * (docs/etcd.md): `snapshots/`, kube-aws's `requests/` and the controllers' `restored/` reports.
 */
export interface EtcdBackupPlace {
  readonly bucket: string;
  /** The key prefix, without a trailing slash. */
  readonly prefix: string;
  readonly kmsKeyArn: string;
}

export interface EtcdSnapshot {
  /** `s3://bucket/prefix/snapshots/<UTC time>-<controller>.db` */
  readonly uri: string;
  readonly key: string;
  /** When it was taken, from its name: `20261124T120000Z`. */
  readonly takenAt: string;
  readonly controller: string;
  readonly bytes: number;
}

const SNAPSHOT = /\/snapshots\/(\d{8}T\d{6}Z)-([a-z0-9-]+)\.db$/;

async function keysUnder(clients: Pick<AwsClients, 's3'>, place: EtcdBackupPlace, under: string) {
  const found: { key: string; bytes: number }[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(
      'ListObjectsV2',
      `s3://${place.bucket}/${place.prefix}/${under}`,
      () =>
        clients.s3.send(
          new ListObjectsV2Command({
            Bucket: place.bucket,
            Prefix: `${place.prefix}/${under}`,
            ContinuationToken: token,
          }),
        ),
    );
    for (const item of page.Contents ?? []) found.push({ key: item.Key!, bytes: item.Size ?? 0 });
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return found;
}

/** The cluster's etcd snapshots, oldest first. */
export async function listEtcdSnapshots(
  clients: Pick<AwsClients, 's3'>,
  place: EtcdBackupPlace,
): Promise<EtcdSnapshot[]> {
  return (await keysUnder(clients, place, 'snapshots/'))
    .flatMap(({ key, bytes }) => {
      const match = SNAPSHOT.exec(key);
      return match === null
        ? []
        : [
            {
              uri: `s3://${place.bucket}/${key}`,
              key,
              takenAt: match[1]!,
              controller: match[2]!,
              bytes,
            },
          ];
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

async function putRequest(
  clients: Pick<AwsClients, 's3'>,
  place: EtcdBackupPlace,
  name: string,
  body: string,
) {
  const key = `${place.prefix}/requests/${name}`;
  await awsCall('PutObject', `s3://${place.bucket}/${key}`, () =>
    clients.s3.send(
      new PutObjectCommand({
        Bucket: place.bucket,
        Key: key,
        Body: body,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: place.kmsKeyArn,
      }),
    ),
  );
}

/**
 * Asks the controllers for a snapshot now: the etcd leader's etcd-backup takes one at its next
 * run (every minute) when the request is newer than the newest snapshot. Returns the request's
 * time as the snapshots are named, to wait for one at least as new.
 */
export async function requestEtcdSnapshot(
  clients: Pick<AwsClients, 's3'>,
  place: EtcdBackupPlace,
  now: Date,
): Promise<string> {
  await putRequest(clients, place, 'snapshot', `asked=${now.toISOString()}\n`);
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * Asks every controller to restore etcd from `snapshotKey` (request `id`, ignored after
 * `expiresAt`). The snapshot must be one of the cluster's.
 * @throws {ProvisionError} `SNAPSHOT_NOT_FOUND` when it is not there.
 */
export async function requestEtcdRestore(
  clients: Pick<AwsClients, 's3'>,
  place: EtcdBackupPlace,
  request: { readonly snapshotKey: string; readonly id: string; readonly expiresAt: Date },
): Promise<void> {
  try {
    await clients.s3.send(
      new HeadObjectCommand({ Bucket: place.bucket, Key: request.snapshotKey }),
    );
  } catch (error) {
    if (errorName(error) === 'NotFound' || errorName(error) === 'NoSuchKey')
      throw new ProvisionError(
        'SNAPSHOT_NOT_FOUND',
        `there is no snapshot s3://${place.bucket}/${request.snapshotKey}; kube-aws etcd list shows those there are`,
        { cause: error },
      );
    return awsCall('HeadObject', `s3://${place.bucket}/${request.snapshotKey}`, () =>
      Promise.reject(error),
    );
  }
  await putRequest(
    clients,
    place,
    'restore',
    `id=${request.id}\nsnapshot=${request.snapshotKey}\nexpires=${Math.floor(request.expiresAt.getTime() / 1000)}\n`,
  );
}

/** The controllers that have reported restore `id` done. */
export async function listEtcdRestored(
  clients: Pick<AwsClients, 's3'>,
  place: EtcdBackupPlace,
  id: string,
): Promise<string[]> {
  return (await keysUnder(clients, place, `restored/${id}/`))
    .map(({ key }) => key.slice(key.lastIndexOf('/') + 1))
    .sort();
}

/** Removes the restore request, once every controller has done it (or to call it off). */
export async function deleteEtcdRestoreRequest(
  clients: Pick<AwsClients, 's3'>,
  place: EtcdBackupPlace,
): Promise<void> {
  const key = `${place.prefix}/requests/restore`;
  await awsCall('DeleteObject', `s3://${place.bucket}/${key}`, () =>
    clients.s3.send(new DeleteObjectCommand({ Bucket: place.bucket, Key: key })),
  );
}
