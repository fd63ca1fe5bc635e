import { crdModel } from './crd-schema';

/**
 * The Prometheus Operator's objects checked against the operator's own schemas: the
 * openAPIV3Schema of its CRDs (v0.93.0), kept as data in tests/fixtures/prometheus-operator/.
 */
export const prometheusOperatorModels: Record<string, (doc: unknown) => { validate(): void }> = {
  'monitoring.coreos.com/v1/PodMonitor': crdModel('prometheus-operator/podmonitors.v1.schema.json'),
  'monitoring.coreos.com/v1/PrometheusRule': crdModel(
    'prometheus-operator/prometheusrules.v1.schema.json',
  ),
};
