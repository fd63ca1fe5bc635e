import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CronJob } from 'kubernetes-models/batch/v1';
import { ConfigMap, Secret } from 'kubernetes-models/v1';
import { barmanCloudModels } from '../support/barman-cloud';
import { cloudNativePgModels } from '../support/cloudnative-pg';
import { renderKustomize } from '../support/kustomize';
import { ROOT } from '../support/stack';

// The backups' Kubernetes objects rendered by kustomize, offline (no cluster here), each checked
// against its published schema — the CronJobs of pgBackRest by kubernetes-models, CloudNativePG's
// Cluster, ScheduledBackup and the Barman Cloud Plugin's ObjectStore by the operators' own CRD
// schemas kept as test data — and the pieces against each other (docs/backups.md).

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests, walked by the assertions
type Doc = any;

const OVERLAYS = join(ROOT, 'deploy/kubernetes/overlays');
/** What an operator writes beside the overlays (never committed). */
const files = {
  'overlays/production/secrets.env': 'VALKEY_URL=redis://valkey.internal:6379\n',
  'overlays/production/migrate-secrets.env': '',
  'overlays/production-pgbackrest/pgbackrest-secrets.env':
    'PGBACKREST_REPO1_CIPHER_PASS=x\nPGBACKREST_REPO1_S3_KEY=k\nPGBACKREST_REPO1_S3_KEY_SECRET=s\n',
  'overlays/production-cloudnative-pg/postgres-services.env':
    'username=insightdesk_app\npassword=secret\n',
  'overlays/production-cloudnative-pg-backups/backup-s3.env':
    'ACCESS_KEY_ID=k\nACCESS_SECRET_KEY=s\n',
};
const key = (d: Doc) => `${d.kind}/${d.metadata.name}`;
const invalid = (validate: (doc: Doc) => void, doc: Doc, breakIt: (copy: Doc) => void) => {
  const copy = structuredClone(doc);
  breakIt(copy);
  return () => validate(copy);
};

describe('pgBackRest backup CronJobs (overlays/production-pgbackrest)', () => {
  const docs = renderKustomize('overlays/production-pgbackrest', files);
  const production = renderKustomize('overlays/production', files);
  const crons = docs.filter((d) => d.kind === 'CronJob');
  const config = docs.find(
    (d) => d.kind === 'ConfigMap' && d.metadata.name.startsWith('insightdesk-pgbackrest-'),
  );
  const secret = docs.find(
    (d) => d.kind === 'Secret' && d.metadata.name.startsWith('insightdesk-pgbackrest-secrets-'),
  );

  test('the production overlay, plus the CronJobs, their configuration and secret: nothing else changes', () => {
    const added = docs.filter((d) => !production.some((p) => key(p) === key(d)));
    expect(added.map(key).sort()).toEqual(
      [
        'CronJob/insightdesk-pg-backup-diff',
        'CronJob/insightdesk-pg-backup-full',
        'CronJob/insightdesk-pg-backup-verify',
        `ConfigMap/${config?.metadata.name}`,
        `Secret/${secret?.metadata.name}`,
      ].sort(),
    );
    for (const p of production) expect(docs.find((d) => key(d) === key(p))).toEqual(p);
  });

  test('every CronJob validates against the Kubernetes schema, which refuses a broken one', () => {
    expect(crons.length).toBe(3);
    for (const cron of crons) expect(() => new CronJob(cron).validate()).not.toThrow();
    expect(() => new ConfigMap(config).validate()).not.toThrow();
    expect(() => new Secret(secret).validate()).not.toThrow();
    const validate = (doc: Doc) => new CronJob(doc).validate();
    const [cron] = crons;
    expect(invalid(validate, cron, (c) => delete c.spec.jobTemplate)).toThrow();
    expect(invalid(validate, cron, (c) => delete c.spec.schedule)).toThrow();
    expect(invalid(validate, cron, (c) => (c.spec.concurrencyPolicy = 'Sometimes'))).toThrow();
  });

  test('a full backup weekly, a differential one the other days, a verify after the full one; one at a time, non-root', () => {
    const byName = Object.fromEntries(crons.map((c) => [c.metadata.name, c]));
    const args = (name: string) =>
      byName[name].spec.jobTemplate.spec.template.spec.containers[0].args;
    expect(byName['insightdesk-pg-backup-full'].spec.schedule).toBe('0 2 * * 0');
    expect(byName['insightdesk-pg-backup-diff'].spec.schedule).toBe('0 2 * * 1-6');
    expect(args('insightdesk-pg-backup-full')).toEqual([
      '--stanza=insightdesk',
      '--type=full',
      'backup',
    ]);
    expect(args('insightdesk-pg-backup-diff')).toEqual([
      '--stanza=insightdesk',
      '--type=diff',
      'backup',
    ]);
    expect(args('insightdesk-pg-backup-verify')).toEqual(['--stanza=insightdesk', 'verify']);
    for (const cron of crons) {
      expect(cron.spec.concurrencyPolicy).toBe('Forbid');
      const pod = cron.spec.jobTemplate.spec.template.spec;
      const [container] = pod.containers;
      expect(container.image).toBe('registry.example.com/insightdesk-pgbackrest:2.45');
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
      const mounts = Object.fromEntries(
        container.volumeMounts.map((m: Doc) => [m.name, m.mountPath]),
      );
      const volumes = Object.fromEntries(pod.volumes.map((v: Doc) => [v.name, v]));
      expect(volumes.config.configMap.name).toBe(config.metadata.name);
      expect(volumes.tls.secret.secretName).toBe('insightdesk-pgbackrest-tls');
      expect(volumes.scratch.emptyDir).toEqual({});
      // What pgbackrest.conf names is where the pod has it: the files of the TLS Secret, and
      // lock, log and spool paths on the writable scratch volume.
      const conf: string = config.data['pgbackrest.conf'];
      expect(mounts.config).toBe('/etc/pgbackrest/pgbackrest.conf');
      for (const file of conf.match(/^pg1-host-(ca|cert|key)-file=.*$/gm) ?? [])
        expect(file.split('=')[1]).toStartWith(`${mounts.tls}/`);
      for (const path of conf.match(/^(lock|log|spool)-path=.*$/gm) ?? [])
        expect(path.split('=')[1]).toStartWith(`${mounts.scratch}/`);
      expect(conf).toContain('[insightdesk]');
    }
    // The secret holds the passphrase and the bucket's keys, under the names pgBackRest reads.
    expect(Object.keys(secret.data).sort()).toEqual([
      'PGBACKREST_REPO1_CIPHER_PASS',
      'PGBACKREST_REPO1_S3_KEY',
      'PGBACKREST_REPO1_S3_KEY_SECRET',
    ]);
    const example = readFileSync(
      join(OVERLAYS, 'production-pgbackrest/pgbackrest-secrets.env.example'),
      'utf8',
    );
    for (const name of Object.keys(secret.data))
      expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    // No secret in the ConfigMap.
    expect(config.data['pgbackrest.conf']).not.toMatch(/cipher-pass|s3-key/);
  });
});

describe('CloudNativePG with Barman Cloud backups (overlays/production-cloudnative-pg-backups)', () => {
  const docs = renderKustomize('overlays/production-cloudnative-pg-backups', files);
  const models = { ...cloudNativePgModels, ...barmanCloudModels };
  const validate = (doc: Doc) => {
    const model = models[`${doc.apiVersion}/${doc.kind}`];
    if (!model) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}`);
    model(doc).validate();
  };
  const one = (kind: string) => {
    const found = docs.filter((d) => d.kind === kind);
    expect(found.length).toBe(1);
    return found[0];
  };
  const cluster = one('Cluster');
  const store = one('ObjectStore');
  const scheduled = one('ScheduledBackup');

  test("the Cluster, ObjectStore and ScheduledBackup validate against their operators' schemas, which refuse broken ones", () => {
    for (const doc of [cluster, store, scheduled]) expect(() => validate(doc)).not.toThrow();
    expect(
      invalid(validate, store, (s) => (s.spec.configuration.wal.compression = 'zip')),
    ).toThrow();
    expect(invalid(validate, store, (s) => delete s.spec.configuration.destinationPath)).toThrow();
    expect(invalid(validate, scheduled, (s) => delete s.spec.schedule)).toThrow();
    expect(invalid(validate, scheduled, (s) => (s.spec.method = 'rsync'))).toThrow();
    expect(invalid(validate, cluster, (c) => delete c.spec.plugins[0].name)).toThrow();
  });

  test('the Cluster archives through the plugin to the ObjectStore, whose credentials exist; a daily base backup of it', () => {
    const [plugin] = cluster.spec.plugins;
    expect(plugin).toEqual({
      name: 'barman-cloud.cloudnative-pg.io',
      isWALArchiver: true,
      parameters: { barmanObjectName: store.metadata.name },
    });
    expect(cluster.spec.postgresql.parameters.archive_timeout).toBe('60s');
    // The CloudNativePG overlay's Cluster is otherwise the same: three instances, synchronous.
    expect(cluster.spec.instances).toBe(3);
    expect(cluster.spec.postgresql.synchronous.dataDurability).toBe('required');
    expect(scheduled.spec).toMatchObject({
      cluster: { name: cluster.metadata.name },
      method: 'plugin',
      pluginConfiguration: { name: plugin.name },
      immediate: true,
    });
    // CloudNativePG's schedules have a seconds field: daily at 02:00.
    expect(scheduled.spec.schedule.split(' ')).toHaveLength(6);
    const credentials = store.spec.configuration.s3Credentials;
    for (const ref of [credentials.accessKeyId, credentials.secretAccessKey]) {
      const secret = docs.find((d) => d.kind === 'Secret' && d.metadata.name === ref.name);
      expect(Object.keys(secret?.data ?? {})).toContain(ref.key);
    }
    expect(store.spec.retentionPolicy).toBe('30d');
    expect(store.spec.configuration.wal.encryption).toBe('AES256');
    for (const doc of [cluster, store, scheduled])
      expect(doc.metadata.namespace).toBe('insightdesk');
  });

  test("the restore template validates, reads the Cluster's store under its name and archives under its own", () => {
    const restore = Bun.YAML.parse(
      readFileSync(
        join(OVERLAYS, 'production-cloudnative-pg-backups/restore-cluster.yaml'),
        'utf8',
      ),
    ) as Doc;
    expect(() => validate(restore)).not.toThrow();
    const source = restore.spec.externalClusters.find(
      (c: Doc) => c.name === restore.spec.bootstrap.recovery.source,
    );
    expect(source.plugin.parameters).toEqual({
      barmanObjectName: store.metadata.name,
      serverName: cluster.metadata.name,
    });
    expect(restore.spec.plugins[0].parameters.barmanObjectName).toBe(store.metadata.name);
    expect(restore.spec.plugins[0].parameters.serverName).not.toBe(cluster.metadata.name);
    expect(restore.spec.bootstrap.recovery.recoveryTarget.targetTime).toMatch(
      /^\d{4}-\d{2}-\d{2} /,
    );
    expect(restore.spec.bootstrap.recovery.owner).toBe(cluster.spec.bootstrap.initdb.owner);
  });
});
