import { crdModel } from './crd-schema';

/**
 * CloudNativePG's Cluster checked against the operator's own schema: the openAPIV3Schema of its
 * CRD (v1.30.0, descriptions left out), kept as data in tests/fixtures/cloudnative-pg/.
 */
export const cloudNativePgModels: Record<string, (doc: unknown) => { validate(): void }> = {
  'postgresql.cnpg.io/v1/Cluster': crdModel('cloudnative-pg/clusters.v1.schema.json'),
};
