import { crdModel } from './crd-schema';

/**
 * CloudNativePG's backup objects checked against their operators' own schemas, kept as data in
 * tests/fixtures/: the ScheduledBackup of CloudNativePG (v1.30.0) and the ObjectStore of its
 * Barman Cloud Plugin (v0.14.0), descriptions left out.
 */
export const barmanCloudModels: Record<string, (doc: unknown) => { validate(): void }> = {
  'postgresql.cnpg.io/v1/ScheduledBackup': crdModel(
    'cloudnative-pg/scheduledbackups.v1.schema.json',
  ),
  'barmancloud.cnpg.io/v1/ObjectStore': crdModel('plugin-barman-cloud/objectstores.v1.schema.json'),
};
