import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AnyConfigGroup,
  ConfigError,
  loadConfig,
  valkeyConfig,
} from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { openQueue, QUEUE_PREFIX, queueKey, queuePrefix } from '@insightdesk/shared/queues';
import { createValkey, type Redis } from '@insightdesk/shared/valkey';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { deployment, deploymentConfigGroups } from '../../../tests/support/deployment';
import { renderKustomize } from '../../../tests/support/kustomize';
import { prometheusOperatorModels } from '../../../tests/support/prometheus-operator';
import { eventually, ROOT, startValkeyServer } from '../../../tests/support/stack';

const queueCatalog = deployment.queues;

// deploy/kubernetes rendered by kustomize itself (kubectl's built-in kustomize, installed into
// .tools/kubectl by ./stack test), then every object validated against the Kubernetes, KEDA and
// Prometheus Operator schemas, and the pieces checked against each other and against the code they deploy.

// Parsed YAML, walked by the assertions below (a wrong shape fails them) and handed to the
// models, which check it.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Doc = any;

const KUBECTL = join(ROOT, '.tools/kubectl/kubectl');
const SOURCE = join(ROOT, 'deploy/kubernetes');

const models: Record<string, (doc: Doc) => { validate(): void }> = {
  'v1/Namespace': (d) => new Namespace(d),
  'v1/ConfigMap': (d) => new ConfigMap(d),
  'v1/Secret': (d) => new Secret(d),
  'v1/Service': (d) => new Service(d),
  'apps/v1/Deployment': (d) => new Deployment(d),
  'batch/v1/Job': (d) => new Job(d),
  'policy/v1/PodDisruptionBudget': (d) => new PodDisruptionBudget(d),
  'autoscaling/v2/HorizontalPodAutoscaler': (d) => new HorizontalPodAutoscaler(d),
  'networking.k8s.io/v1/Ingress': (d) => new Ingress(d),
  'keda.sh/v1alpha1/ScaledObject': (d) => new ScaledObject(d),
  'keda.sh/v1alpha1/TriggerAuthentication': (d) => new TriggerAuthentication(d),
  ...prometheusOperatorModels,
};

const secret = (bytes = 36) => randomBytes(bytes).toString('base64url');
/** A filled-in secrets.env, as an operator writes it from secrets.env.example. */
const productionSecrets: Record<string, string> = {
  DATABASE_URL: `postgres://insightdesk_app:${secret(18)}@postgres.internal:5432/insightdesk`,
  VALKEY_URL: `redis://:${secret(18)}@valkey.internal:6379`,
  VALKEY_ADDRESS: 'valkey.internal:6379',
  VALKEY_PASSWORD: secret(18),
  // The seed nodes, for the Valkey Cluster variant's scaler.
  VALKEY_ADDRESSES: 'valkey-0.valkey.internal:6379,valkey-1.valkey.internal:6379',
  JWT_KEYS: `k1:${secret()}`,
  INVITATION_SECRET: secret(),
  ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  FILE_SIGNING_SECRET: secret(),
  SMTP_URL: `smtp://mailer:${secret(18)}@smtp.internal:587`,
  S3_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE',
  S3_SECRET_ACCESS_KEY: secret(),
};

/** A filled-in migrate-secrets.env: the owner of the schema, for the migration Job alone. */
const migrateSecrets: Record<string, string> = {
  DATABASE_OWNER_URL: `postgres://insightdesk:${secret(18)}@postgres.internal:5432/insightdesk`,
};
const envFile = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

/** kustomize's output for a directory under deploy/kubernetes, with the production secrets files. */
function render(dir: string): Doc[] {
  return renderKustomize(dir, {
    'overlays/production/secrets.env': envFile(productionSecrets),
    'overlays/production/migrate-secrets.env': envFile(migrateSecrets),
  });
}

/**
 * kustomize folds long base64 values of a Secret over lines; the API server's decoder (Go's
 * base64) skips the line breaks, the schema's "byte" format does not: compared without them.
 */
function comparable(doc: Doc): Doc {
  if (doc.kind !== 'Secret' || !doc.data) return doc;
  const data = Object.fromEntries(
    Object.entries(doc.data).map(([k, v]) => [k, String(v).replace(/\s+/g, '')]),
  );
  return { ...doc, data };
}

const of = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);
const named = (docs: Doc[], kind: string, name: string) => {
  const found = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
/** A generated object by its name before kustomize's hash suffix. */
const generated = (docs: Doc[], kind: string, name: string) => {
  const found = docs.find(
    (d) => d.kind === kind && new RegExp(`^${name}-[a-z0-9]{10}$`).test(d.metadata.name),
  );
  if (!found) throw new Error(`no ${kind} ${name}-<hash>`);
  return found;
};
const decodedData = (secretDoc: Doc): Record<string, string> =>
  Object.fromEntries(
    Object.entries(secretDoc.data ?? {}).map(([k, v]) => [
      k,
      Buffer.from(String(v), 'base64').toString(),
    ]),
  );
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

let base: Doc[];
let production: Doc[];
/** Production with the queue store on a Valkey Cluster (components/valkey-cluster). */
let onCluster: Doc[];
beforeAll(() => {
  if (!existsSync(KUBECTL))
    throw new Error(`${KUBECTL} is missing: run the tests with ./stack test`);
  base = render('base');
  production = render('overlays/production');
  onCluster = render('overlays/production-valkey-cluster');
});

describe('Kubernetes manifests (kustomize base and production overlay)', () => {
  test('every rendered object validates against the Kubernetes and KEDA schemas', () => {
    for (const docs of [base, production, onCluster]) {
      expect(docs.length).toBeGreaterThan(10);
      for (const doc of docs) {
        const model = models[`${doc.apiVersion}/${doc.kind}`];
        if (!model) throw new Error(`no schema checked for ${doc.apiVersion} ${doc.kind}`);
        expect(() => model(comparable(doc)).validate()).not.toThrow();
      }
    }
    // The validation is real: a Deployment without a selector, a ScaledObject without its
    // target, an Ingress backend without a service are refused.
    const deployment = structuredClone(named(production, 'Deployment', 'insightdesk-api'));
    delete deployment.spec.selector;
    expect(() => new Deployment(deployment).validate()).toThrow();
    const scaled = structuredClone(named(production, 'ScaledObject', 'insightdesk-worker'));
    delete scaled.spec.scaleTargetRef;
    expect(() => new ScaledObject(scaled).validate()).toThrow();
  });

  test('api, ws, worker and inbound: the one image, its commands, probes on our endpoints, non-root, grace above the deadline', () => {
    const config = of(production, 'ConfigMap')[0]?.data ?? {};
    const deadlineSeconds = Number(config.SHUTDOWN_TIMEOUT_MS) / 1000;
    expect(deadlineSeconds).toBeGreaterThan(0);
    const entrypoint = readFileSync(join(ROOT, 'deploy/entrypoint.sh'), 'utf8');
    const commands = [...entrypoint.matchAll(/^\s+([a-z|-]+)\)/gm)].flatMap((m) =>
      (m[1] ?? '').split('|'),
    );
    const images = new Set<string>();
    for (const service of ['api', 'ws', 'worker', 'inbound']) {
      const deployment = named(production, 'Deployment', `insightdesk-${service}`);
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      images.add(container.image);
      expect(container.args).toEqual([service]);
      expect(commands).toContain(service);
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.ports.find((p: Doc) => p.name === 'http').containerPort).toBe(
        Number(config.PORT),
      );
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(deadlineSeconds);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(container.resources.requests.memory).toBeDefined();
      expect(container.resources.limits.memory).toBeDefined();
      // Replicas belong to the autoscalers: an apply must not reset them.
      expect(deployment.spec.replicas).toBeUndefined();
      // A PodDisruptionBudget covers the pods.
      const budgets = of(production, 'PodDisruptionBudget').filter((b) =>
        matches(b.spec.selector.matchLabels, deployment.spec.template.metadata.labels),
      );
      expect(budgets.length).toBe(1);
    }
    for (const phase of ['expand', 'contract']) {
      const job = named(
        production,
        'Job',
        `insightdesk-migrate${phase === 'expand' ? '' : '-contract'}`,
      );
      expect(job.spec.template.spec.containers[0].args).toEqual(['migrate', '--phase', phase]);
      images.add(job.spec.template.spec.containers[0].image);
    }
    expect(commands).toContain('migrate');
    expect([...images]).toEqual(['registry.example.com/insightdesk:1.0.0']);
  });

  test('a rollout loses no capacity and drops no request: surge before removal, budgets, preStop before SIGTERM, migrations in two phases', () => {
    const config = of(production, 'ConfigMap')[0]?.data ?? {};
    const deadlineSeconds = Number(config.SHUTDOWN_TIMEOUT_MS) / 1000;
    for (const service of ['api', 'ws', 'worker', 'inbound']) {
      const deployment = named(production, 'Deployment', `insightdesk-${service}`);
      // A new pod is ready before an old one goes.
      expect(deployment.spec.strategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      });
      const pod = deployment.spec.template.spec;
      // Out of the ingress's rotation before SIGTERM: ingress-nginx learns of the pod's removal
      // when the kubelet runs preStop, and takes a few seconds to act on it.
      const preStop = pod.containers[0].lifecycle.preStop.sleep.seconds;
      expect(preStop).toBeGreaterThanOrEqual(5);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + deadlineSeconds);
      // A budget keeps a node drain from taking every pod at once.
      const [budget] = of(production, 'PodDisruptionBudget').filter((b) =>
        matches(b.spec.selector.matchLabels, deployment.spec.template.metadata.labels),
      );
      expect(budget.spec.minAvailable ?? budget.spec.maxUnavailable).toBe(1);
    }
    // Expand runs at apply; contract is applied suspended, started after the rollout.
    const expand = named(production, 'Job', 'insightdesk-migrate');
    const contract = named(production, 'Job', 'insightdesk-migrate-contract');
    expect(expand.spec.suspend).toBeUndefined();
    expect(contract.spec.suspend).toBe(true);
    // Both as the owner of the schema, with the same pod otherwise.
    const pod = (job: Doc) => {
      const spec = structuredClone(job.spec.template.spec);
      delete spec.containers[0].args;
      return spec;
    };
    expect(pod(contract)).toEqual(pod(expand));
    expect(
      expand.spec.template.spec.containers[0].envFrom.map((e: Doc) => e.secretRef?.name),
    ).toContain(generated(production, 'Secret', 'insightdesk-migrate-secrets').metadata.name);
  });

  test('every name a manifest refers to exists: config, secrets, services and their ports, scale targets', () => {
    for (const docs of [production, onCluster]) {
      const exists = (kind: string, name: string) =>
        docs.some((d) => d.kind === kind && d.metadata.name === name);
      const pods = [...of(docs, 'Deployment'), ...of(docs, 'Job')].map((d) => d.spec.template.spec);
      for (const pod of pods) {
        for (const from of pod.containers[0].envFrom) {
          if (from.configMapRef) expect(exists('ConfigMap', from.configMapRef.name)).toBe(true);
          if (from.secretRef) expect(exists('Secret', from.secretRef.name)).toBe(true);
        }
      }
      for (const auth of of(docs, 'TriggerAuthentication')) {
        for (const ref of auth.spec.secretTargetRef) {
          const target = named(docs, 'Secret', ref.name);
          expect(Object.keys(target.data)).toContain(ref.key);
        }
      }
      for (const ingress of of(docs, 'Ingress')) {
        for (const path of ingress.spec.rules[0].http.paths) {
          const service = named(docs, 'Service', path.backend.service.name);
          expect(service.spec.ports.map((p: Doc) => p.name)).toContain(
            path.backend.service.port.name,
          );
          const deployment = of(docs, 'Deployment').find((d) =>
            matches(service.spec.selector, d.spec.template.metadata.labels),
          );
          expect(deployment).toBeDefined();
        }
      }
      for (const scaler of [...of(docs, 'ScaledObject'), ...of(docs, 'HorizontalPodAutoscaler')]) {
        expect(exists('Deployment', scaler.spec.scaleTargetRef.name)).toBe(true);
      }
      // One autoscaler per Deployment (an HPA and a ScaledObject on one target fight).
      const targets = [...of(docs, 'ScaledObject'), ...of(docs, 'HorizontalPodAutoscaler')].map(
        (s) => s.spec.scaleTargetRef.name,
      );
      expect(targets.sort()).toEqual([
        'insightdesk-api',
        'insightdesk-inbound',
        'insightdesk-worker',
        'insightdesk-ws',
      ]);
    }
  });

  test('ConfigMap and Secret carry every variable production needs; secrets only in the Secret', () => {
    const config = of(production, 'ConfigMap')[0]?.data ?? {};
    const decoded = decodedData(generated(production, 'Secret', 'insightdesk-secrets'));
    const groups = deploymentConfigGroups;
    const declared = new Set(
      Object.values(groups).flatMap((g: AnyConfigGroup) => Object.keys(g.env)),
    );
    const secrets = new Set(
      Object.values(groups).flatMap((g: AnyConfigGroup) => (g.secrets ?? []) as string[]),
    );
    expect(Object.keys(config).filter((k) => !declared.has(k))).toEqual([]);
    expect(Object.keys(config).filter((k) => secrets.has(k))).toEqual([]);
    // secrets.env.example (the pods') and migrate-secrets.env.example (the migration Job's) name
    // every secret variable (the optional ones commented out).
    const example = ['secrets.env.example', 'migrate-secrets.env.example']
      .map((file) => readFileSync(join(SOURCE, 'overlays/production', file), 'utf8'))
      .join('\n');
    const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect([...secrets].filter((k) => !listed.has(k))).toEqual([]);
    // What the pods get loads as a production configuration, every group, without a problem.
    const env = { ...config, ...decoded, INSTANCE_ID: 'insightdesk-api-7d4f9-abcde' };
    let problems: readonly string[] = [];
    try {
      loadConfig(groups, { dir: mkdtempSync(join(tmpdir(), 'insightdesk-env-')), env });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    expect(problems).toEqual([]);
    expect(config.NODE_ENV).toBe('production');
    // The ingress sets X-Real-IP; the proxy in front keeps Socket.IO sessions on their pod.
    expect(config.CLIENT_IP_HEADER).toBe('X-Real-IP');
    expect(config.WS_SESSION_AFFINITY).toBe('proxy');
  });

  test("two database roles: only the migration Job gets the owner of the schema, the pods the services' role", () => {
    const secrets = of(production, 'Secret');
    /** Every variable a container gets (envFrom Secrets and ConfigMaps, and env), by name. */
    const environment = (container: Doc): Record<string, string> => {
      const vars: Record<string, string> = {};
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef)
          Object.assign(vars, named(production, 'ConfigMap', from.configMapRef.name).data);
        if (from.secretRef)
          Object.assign(vars, decodedData(named(secrets, 'Secret', from.secretRef.name)));
      }
      for (const item of container.env ?? []) vars[item.name] = item.value ?? '(from a reference)';
      return vars;
    };
    const role = (url: string | undefined) =>
      url ? decodeURIComponent(new URL(url).username) : '';
    const database = (url: string | undefined) => (url ? new URL(url).pathname : '');
    const job = named(production, 'Job', 'insightdesk-migrate');
    const migrate = environment(job.spec.template.spec.containers[0]);
    // The Job migrates as the owner, a role other than the services' one, on the same database.
    expect(migrate.DATABASE_OWNER_URL).toBe(migrateSecrets.DATABASE_OWNER_URL);
    expect(role(migrate.DATABASE_OWNER_URL)).not.toBe(role(migrate.DATABASE_URL));
    expect(database(migrate.DATABASE_OWNER_URL)).toBe(database(migrate.DATABASE_URL));
    const deployments = of(production, 'Deployment');
    expect(deployments.length).toBe(4);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const vars = environment(container);
        // No service may hold the owner's URL, under its name or any other.
        expect({ deployment: deployment.metadata.name, owner: vars.DATABASE_OWNER_URL }).toEqual({
          deployment: deployment.metadata.name,
          owner: undefined,
        });
        expect(Object.values(vars)).not.toContain(migrateSecrets.DATABASE_OWNER_URL);
        expect(role(vars.DATABASE_URL)).toBe(role(productionSecrets.DATABASE_URL));
        // The services' role cannot migrate: the api leaves it to the Job.
        expect(vars.DB_MIGRATE_ON_START).toBe('false');
      }
      for (const volume of pod.volumes ?? [])
        expect(volume.secret?.secretName ?? '').not.toMatch(/^insightdesk-migrate-secrets/);
    }
    // The owner's Secret holds only that URL, and only the Job mounts it.
    const ownerSecret = generated(production, 'Secret', 'insightdesk-migrate-secrets');
    expect(Object.keys(ownerSecret.data)).toEqual(['DATABASE_OWNER_URL']);
    expect(decodedData(generated(production, 'Secret', 'insightdesk-secrets'))).not.toHaveProperty(
      'DATABASE_OWNER_URL',
    );
    // The operator's examples put it in the Job's file, never in the pods'.
    const example = (file: string) =>
      readFileSync(join(SOURCE, 'overlays/production', file), 'utf8');
    expect(example('secrets.env.example')).not.toMatch(/^#?\s*DATABASE_OWNER_URL=/m);
    expect(example('migrate-secrets.env.example')).toMatch(/^DATABASE_OWNER_URL=/m);
    // The check is real: a Deployment given the owner's Secret is caught.
    const leaky = structuredClone(named(production, 'Deployment', 'insightdesk-worker'));
    leaky.spec.template.spec.containers[0].envFrom.push({
      secretRef: { name: ownerSecret.metadata.name },
    });
    expect(environment(leaky.spec.template.spec.containers[0]).DATABASE_OWNER_URL).toBeDefined();
  });

  test('the SMTP ingress: port 25 of a load balancer keeping the sender address, STARTTLS, two pods at least', () => {
    const config = of(production, 'ConfigMap')[0]?.data ?? {};
    const deployment = named(production, 'Deployment', 'insightdesk-inbound');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    const smtp = container.ports.find((p: Doc) => p.name === 'smtp');
    expect(smtp.containerPort).toBe(Number(config.SMTP_INGRESS_PORT));
    const service = named(production, 'Service', 'insightdesk-inbound');
    expect(service.spec.type).toBe('LoadBalancer');
    // SPF and the per-address caps need the sender's address, not a node's.
    expect(service.spec.externalTrafficPolicy).toBe('Local');
    expect(service.spec.ports).toEqual([
      { name: 'smtp', port: 25, targetPort: 'smtp', protocol: 'TCP' },
    ]);
    expect(matches(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
    // No other Deployment's pods are behind it (the http port of a pod is never public).
    for (const other of of(production, 'Deployment').filter((d) => d !== deployment))
      expect(matches(service.spec.selector, other.spec.template.metadata.labels)).toBe(false);
    // STARTTLS with the certificate mounted from a TLS Secret.
    const env = Object.fromEntries(container.env.map((e: Doc) => [e.name, e.value]));
    const mount = container.volumeMounts.find((m: Doc) => m.name === 'smtp-tls');
    expect(env.SMTP_INGRESS_TLS_CERT).toBe(`${mount.mountPath}/tls.crt`);
    expect(env.SMTP_INGRESS_TLS_KEY).toBe(`${mount.mountPath}/tls.key`);
    expect(mount.readOnly).toBe(true);
    const volume = pod.volumes.find((v: Doc) => v.name === 'smtp-tls');
    expect(volume.secret.secretName).toBe('insightdesk-smtp-tls');
    // Its own autoscaler keeps two pods at least.
    const hpa = named(production, 'HorizontalPodAutoscaler', 'insightdesk-inbound');
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    // The entrypoint runs the ingress for `inbound`.
    const entrypoint = readFileSync(join(ROOT, 'deploy/entrypoint.sh'), 'utf8');
    expect(entrypoint).toContain('exec bun "services/$service/src/main.ts"');
    expect(existsSync(join(ROOT, 'services/inbound/src/main.ts'))).toBe(true);
  });

  test('the ingress: TLS for its host, stickiness for Socket.IO, nothing else public', () => {
    const ingresses = of(production, 'Ingress');
    const paths: string[] = [];
    for (const ingress of ingresses) {
      expect(ingress.spec.ingressClassName).toBe('nginx');
      const hosts = ingress.spec.rules.map((r: Doc) => r.host);
      expect(ingress.spec.tls[0].hosts).toEqual(hosts);
      expect(new URL(of(production, 'ConfigMap')[0]?.data.PUBLIC_URL).host).toBe(hosts[0]);
      paths.push(...ingress.spec.rules[0].http.paths.map((p: Doc) => p.path));
    }
    expect(paths.sort()).toEqual(['/api', '/health', '/socket.io']);
    const ws = named(production, 'Ingress', 'insightdesk-ws');
    expect(ws.metadata.annotations['nginx.ingress.kubernetes.io/upstream-hash-by']).toBe(
      '$remote_addr',
    );
    // Cookie affinity would take precedence over the hash and scatter cookie-less clients.
    expect(ws.metadata.annotations['nginx.ingress.kubernetes.io/affinity']).toBeUndefined();
  });
});

describe('the worker ScaledObject counts exactly the jobs BullMQ keeps runnable', () => {
  const logger = createLogger({
    service: 'test',
    instance: 'test',
    level: 'silent',
    format: 'json',
  });
  // A database of the live Valkey that no worker reads: the jobs added here stay where BullMQ
  // put them (keys are the same strings in every database).
  const url = new URL(loadConfig({ valkey: valkeyConfig }, { dir: ROOT }).valkey.url);
  url.pathname = '/15';
  const connection = createValkey({ url: url.href, name: 'tests-keda', kind: 'blocking', logger });
  const handles = Object.values(queueCatalog).map((q) => openQueue(q, connection));
  afterAll(async () => {
    for (const { queue } of handles) await queue.obliterate({ force: true });
    await Promise.all(handles.map((h) => h.close()));
    connection.disconnect();
  });

  /** What KEDA's redis scaler reads for a key (its Lua: LLEN for a list, ZCARD for a sorted set). */
  async function kedaCount(key: string): Promise<number> {
    const type = await connection.type(key);
    if (type === 'zset') return connection.zcard(key);
    if (type === 'list' || type === 'none') return connection.llen(key);
    throw new Error(`${key} is a ${type}`);
  }

  test('its keys are the catalogue’s wait and prioritized keys under our prefix, summed by the formula', () => {
    const scaled = named(production, 'ScaledObject', 'insightdesk-worker');
    const triggers: Doc[] = scaled.spec.triggers;
    expect(triggers.every((t) => t.type === 'redis')).toBe(true);
    const expected = Object.values(queueCatalog).flatMap((q) =>
      (['wait', 'prioritized'] as const).map((state) => queueKey(q.name, state)),
    );
    expect(triggers.map((t) => t.metadata.listName).sort()).toEqual(expected.sort());
    // The formula adds every trigger once.
    const formula: string = scaled.spec.advanced.scalingModifiers.formula;
    expect(
      formula
        .split('+')
        .map((s) => s.trim())
        .sort(),
    ).toEqual(triggers.map((t) => t.name).sort());
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
  });

  test('a waiting, a prioritized and a delayed job per queue, added through BullMQ, land on those keys', async () => {
    const scaled = named(production, 'ScaledObject', 'insightdesk-worker');
    const keys: string[] = scaled.spec.triggers.map((t: Doc) => t.metadata.listName);
    for (const { queue } of handles) await queue.obliterate({ force: true });
    for (const { queue } of handles) {
      await queue.add('keda-wait', {});
      await queue.add('keda-prioritized', {}, { priority: 7 });
      await queue.add('keda-delayed', {}, { delay: 3_600_000 });
    }
    for (const { queue, declaration } of handles) {
      const counts = await queue.getJobCounts('wait', 'prioritized', 'delayed');
      expect(counts).toEqual({ wait: 1, prioritized: 1, delayed: 1 });
      const mine = keys.filter((k) => k.startsWith(`${QUEUE_PREFIX}:${declaration.name}:`));
      const seen = await Promise.all(mine.map(kedaCount));
      // Each key holds one job; together, the runnable ones and no delayed one.
      expect(seen).toEqual([1, 1]);
      expect(await kedaCount(queueKey(declaration.name, 'delayed'))).toBe(1);
    }
    // A paused queue keeps its waiting jobs in `wait` (BullMQ 6): still counted.
    const [first] = handles;
    await first?.queue.pause();
    await first?.queue.add('keda-paused', {});
    expect(await kedaCount(queueKey(first?.declaration.name ?? '', 'wait'))).toBe(2);
    // Nothing else under the prefix holds a runnable job.
    const total = (await Promise.all(keys.map(kedaCount))).reduce((a, b) => a + b, 0);
    expect(total).toBe(2 * handles.length + 1);
  });
});

describe('on a Valkey Cluster, the worker ScaledObject counts the per-queue hash-tagged keys', () => {
  const logger = createLogger({
    service: 'test',
    instance: 'test',
    level: 'silent',
    format: 'json',
  });
  /** The key prefix BullMQ gets on a cluster connection (queuePrefix: a hash tag per queue). */
  const clusterPrefix = (queue: string) => queuePrefix(queue, { isCluster: true } as Redis);

  test('same triggers, names and formula as on one server, with redis-cluster and the tagged keys', () => {
    const single = named(production, 'ScaledObject', 'insightdesk-worker');
    const scaled = named(onCluster, 'ScaledObject', 'insightdesk-worker');
    const triggers: Doc[] = scaled.spec.triggers;
    expect(triggers.every((t) => t.type === 'redis-cluster')).toBe(true);
    expect(triggers.map((t) => t.name).sort()).toEqual(
      single.spec.triggers.map((t: Doc) => t.name).sort(),
    );
    expect(scaled.spec.advanced).toEqual(single.spec.advanced);
    const expected = Object.values(queueCatalog).flatMap((q) =>
      (['wait', 'prioritized'] as const).map((state) =>
        queueKey(q.name, state, clusterPrefix(q.name)),
      ),
    );
    expect(triggers.map((t) => t.metadata.listName).sort()).toEqual(expected.sort());
    // Each key carries its own queue's tag: one slot per queue, queues spread over the shards.
    for (const trigger of triggers) {
      const queue = String(trigger.name).replace(/_(wait|prioritized)$/, '');
      expect(trigger.metadata.listName).toStartWith(`{insightdesk:${queue}}:bull:${queue}:`);
    }
    // KEDA reaches the cluster through its seed nodes (the Secret's VALKEY_ADDRESSES).
    const auth = named(onCluster, 'TriggerAuthentication', 'insightdesk-valkey');
    const parameters = Object.fromEntries(
      auth.spec.secretTargetRef.map((r: Doc) => [r.parameter, r.key]),
    );
    expect(parameters).toEqual({ addresses: 'VALKEY_ADDRESSES', password: 'VALKEY_PASSWORD' });
    const secretKeys = Object.keys(generated(onCluster, 'Secret', 'insightdesk-secrets').data);
    expect(secretKeys).toContain('VALKEY_ADDRESSES');
    // Everything else is production's, unchanged.
    const rest = (docs: Doc[]) =>
      docs.filter((d) => !['ScaledObject', 'TriggerAuthentication'].includes(d.kind));
    expect(rest(onCluster)).toEqual(rest(production));
  });

  test('jobs added through BullMQ on a cluster (Redis in cluster mode) land on exactly those keys', async () => {
    // One node owning every slot; it announces its address (a lone node's CLUSTER SLOTS has
    // none otherwise, and the Cluster client would have nowhere to go).
    const server = startValkeyServer('keda-cluster-test', [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-announce-ip',
      '127.0.0.1',
    ]);
    const admin = createValkey({
      url: server.url,
      name: 'tests-keda-admin',
      kind: 'command',
      logger,
    });
    let connection: Redis | undefined;
    let handles: ReturnType<typeof openQueue>[] = [];
    try {
      await eventually(async () => (await admin.ping()) === 'PONG');
      await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
      await eventually(async () =>
        String(await admin.call('CLUSTER', 'INFO')).includes('state:ok'),
      );
      connection = createValkey({
        url: `redis+cluster://127.0.0.1:${server.port}`,
        name: 'tests-keda-cluster',
        kind: 'blocking',
        logger,
      });
      expect(connection.isCluster).toBe(true);
      const cluster = connection;
      handles = Object.values(queueCatalog).map((q) => openQueue(q, cluster));
      for (const { queue } of handles) {
        await queue.add('keda-wait', {});
        await queue.add('keda-prioritized', {}, { priority: 7 });
        await queue.add('keda-delayed', {}, { delay: 3_600_000 });
      }
      const scaled = named(onCluster, 'ScaledObject', 'insightdesk-worker');
      const counts: Record<string, number> = {};
      for (const trigger of scaled.spec.triggers as Doc[]) {
        const key: string = trigger.metadata.listName;
        const type = await cluster.type(key);
        counts[key] = type === 'zset' ? await cluster.zcard(key) : await cluster.llen(key);
      }
      // One runnable job on each key, the delayed ones on none of them.
      expect(Object.values(counts)).toEqual(Object.values(counts).map(() => 1));
      expect(Object.keys(counts).length).toBe(2 * handles.length);
      // The one-server keys are empty here: the base's scaler would read nothing on a cluster.
      for (const { declaration } of handles)
        expect(await cluster.exists(queueKey(declaration.name, 'wait', QUEUE_PREFIX))).toBe(0);
    } finally {
      for (const { queue } of handles) await queue.obliterate({ force: true }).catch(() => {});
      await Promise.all(handles.map((h) => h.close()));
      connection?.disconnect();
      admin.disconnect();
      await server.stop();
    }
  }, 60_000);
});
