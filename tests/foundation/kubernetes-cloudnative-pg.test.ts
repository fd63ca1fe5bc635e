import { describe, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Secret } from 'kubernetes-models/v1';
import { cloudNativePgModels } from '../support/cloudnative-pg';
import { renderKustomize } from '../support/kustomize';

// deploy/kubernetes/overlays/production-cloudnative-pg rendered by kustomize, offline (no cluster
// here): the CloudNativePG Cluster valid against the operator's own CRD schema (v1.30.0, kept as
// test data) — three instances, synchronous replication — and the services' URLs on its `-rw`
// and `-ro` Services, with the passwords of the roles it creates (docs/deployment.md,
// "PostgreSQL high availability").

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests, walked by the assertions
type Doc = any;

const password = randomBytes(24).toString('hex');
const docs = renderKustomize('overlays/production-cloudnative-pg', {
  // The operator's files: the database's URLs are the overlay's, not secrets.env's.
  'overlays/production/secrets.env': 'VALKEY_URL=redis://valkey.internal:6379\n',
  'overlays/production/migrate-secrets.env': '',
  'overlays/production-cloudnative-pg/postgres-services.env': `username=insightdesk_app\npassword=${password}\n`,
});
const of = (kind: string) => docs.filter((d) => d.kind === kind);
const [cluster] = of('Cluster');
const validateCluster = (doc: Doc) =>
  cloudNativePgModels[`${doc.apiVersion}/${doc.kind}`]?.(doc).validate();

/** The value of `name` in a container's env, `$(VAR)` replaced as the kubelet does. */
function envValue(container: Doc, name: string, secrets: Record<string, string>): string {
  const env: Doc[] = container.env ?? [];
  const resolved = new Map<string, string>();
  for (const entry of env) {
    if (entry.value !== undefined)
      resolved.set(
        entry.name,
        entry.value.replace(/\$\(([A-Z_]+)\)/g, (_: string, v: string) => resolved.get(v) ?? ''),
      );
    else if (entry.valueFrom?.secretKeyRef) {
      const ref = entry.valueFrom.secretKeyRef;
      resolved.set(entry.name, secrets[`${ref.name}/${ref.key}`] ?? `${ref.name}.${ref.key}`);
    }
  }
  return resolved.get(name) ?? '';
}

describe('the CloudNativePG overlay', () => {
  test('its Cluster validates against the CRD schema, which refuses a broken one; three instances, synchronous replication', () => {
    expect(cluster).toBeDefined();
    expect(() => validateCluster(cluster)).not.toThrow();
    for (const broken of [
      (c: Doc) => {
        c.spec.instances = 0;
      },
      (c: Doc) => {
        c.spec.postgresql.synchronous.method = 'all';
      },
      (c: Doc) => {
        delete c.spec.managed.roles[0].name;
      },
      (c: Doc) => {
        c.spec.storage.size = 20;
      },
    ]) {
      const copy = structuredClone(cluster);
      broken(copy);
      expect(() => validateCluster(copy)).toThrow();
    }
    expect(cluster.spec.instances).toBe(3);
    expect(cluster.spec.postgresql.synchronous).toEqual({
      method: 'any',
      number: 1,
      dataDurability: 'required',
    });
    expect(cluster.spec.affinity.podAntiAffinityType).toBe('required');
    expect(cluster.spec.imageName).toMatch(/postgresql:15/);
  });

  test("the services reach the primary through -rw and read through -ro, as the Cluster's managed role, whose password Secret exists", () => {
    const name = cluster.metadata.name;
    const role = cluster.spec.managed.roles.find((r: Doc) => r.name === 'insightdesk_app');
    expect(role).toMatchObject({ ensure: 'present', login: true });
    const secret = of('Secret').find((s) => s.metadata.name === role.passwordSecret.name);
    expect(secret.type).toBe('kubernetes.io/basic-auth');
    expect(() => new Secret(secret).validate()).not.toThrow();
    expect(Buffer.from(secret.data.username, 'base64').toString()).toBe(role.name);
    const secrets = {
      [`${secret.metadata.name}/password`]: Buffer.from(secret.data.password, 'base64').toString(),
    };

    const deployments = of('Deployment');
    expect(deployments.length).toBeGreaterThanOrEqual(4);
    for (const d of deployments) {
      expect(() => new Deployment(d).validate()).not.toThrow();
      // Its Services and Secret are the pods' neighbours (a Service name resolves in its namespace).
      expect([cluster.metadata.namespace, secret.metadata.namespace]).toEqual([
        d.metadata.namespace,
        d.metadata.namespace,
      ]);
      const app = d.spec.template.spec.containers.find((c: Doc) => c.name === 'app');
      const url = new URL(envValue(app, 'DATABASE_URL', secrets));
      const replica = new URL(envValue(app, 'DATABASE_REPLICA_URLS', secrets));
      expect([url.hostname, url.username, url.password, url.pathname]).toEqual([
        `${name}-rw`,
        role.name,
        password,
        `/${cluster.spec.bootstrap.initdb.database}`,
      ]);
      expect([replica.hostname, replica.username, replica.password]).toEqual([
        `${name}-ro`,
        role.name,
        password,
      ]);
      // The owner of the schema never reaches a pod.
      expect(envValue(app, 'DATABASE_OWNER_URL', secrets)).toBe('');
      // What the services' configuration makes of them.
      const db = loadConfig(
        { db: dbConfig },
        {
          dir: '/nonexistent',
          env: {
            NODE_ENV: 'production',
            DATABASE_URL: url.href,
            DATABASE_REPLICA_URLS: replica.href,
          },
        },
      ).db;
      expect(db.replicaUrls).toEqual([replica.href]);
    }
  });

  test("the migration Jobs run as the owner the Cluster bootstraps, from the Cluster's own Secret, on the primary", () => {
    const name = cluster.metadata.name;
    const { owner, database } = cluster.spec.bootstrap.initdb;
    const jobs = of('Job');
    expect(jobs.length).toBe(2);
    for (const job of jobs) {
      expect(() => new Job(job).validate()).not.toThrow();
      const migrate = job.spec.template.spec.containers.find((c: Doc) => c.name === 'migrate');
      const ownerUrl = new URL(envValue(migrate, 'DATABASE_OWNER_URL', {}));
      expect([ownerUrl.hostname, ownerUrl.username, ownerUrl.password, ownerUrl.pathname]).toEqual([
        `${name}-rw`,
        owner,
        `${name}-app.password`,
        `/${database}`,
      ]);
      expect(new URL(envValue(migrate, 'DATABASE_URL', {})).hostname).toBe(`${name}-rw`);
    }
  });
});
