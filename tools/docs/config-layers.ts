import type { AnyConfigGroup, ConfigGroups } from '@insightdesk/shared/config';
import { configLayers } from '@insightdesk/shared/product';
import type { z } from 'zod';
import { product } from '../../services/api/src/product';
import { stackConfig } from '../stack/config';

/**
 * What the docs say about the configuration, read from the declarations: the platform's groups,
 * those of the product the services run (its catalogue's config groups and its flags' defaults),
 * and the local stack's own (./stack only). `.env.example` and the configuration table are both
 * written from this.
 */
export const documentedLayers: readonly {
  readonly layer: string;
  readonly groups: ConfigGroups;
}[] = [
  ...configLayers(product.catalog),
  { layer: 'local stack (./stack only)', groups: { stack: stackConfig } },
];

export interface Variable {
  readonly name: string;
  readonly layer: string;
  readonly group: string;
  readonly description: string;
  readonly secret: boolean;
  /** No default outside development and test. */
  readonly required: boolean;
  /** Outside development and test (undefined: unset). */
  readonly fallback: string | undefined;
  /** In development and test, when it differs from `fallback`. */
  readonly development: string | undefined;
}

const shown = (value: unknown) =>
  value === undefined ? undefined : Array.isArray(value) ? value.join(',') : String(value);

/** Every declared variable, layer by layer, group by group, in declaration order. */
export function declaredVariables(): Variable[] {
  return documentedLayers.flatMap(({ layer, groups }) =>
    Object.entries(groups).flatMap(([group, declared]: [string, AnyConfigGroup]) =>
      (Object.entries(declared.env) as [string, z.ZodType][]).map(([name, schema]) => {
        let fallback: unknown;
        let required = false;
        try {
          fallback = schema.parse(undefined);
        } catch {
          required = true;
        }
        const dev = declared.devDefaults?.[name];
        const development = shown(typeof dev === 'function' ? dev({}) : dev);
        return {
          name,
          layer,
          group,
          description: schema.description ?? '',
          secret: declared.secrets?.includes(name) ?? false,
          required,
          fallback: shown(fallback),
          development: development === shown(fallback) ? undefined : development,
        };
      }),
    ),
  );
}
