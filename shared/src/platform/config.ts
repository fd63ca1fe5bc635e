import type { ConfigGroups } from '../config/define';
import { featuresConfig } from '../config/groups';
import type { Declared } from '../modules/define';
import { type PlatformModules, platformModules } from './modules';

type FlagsGroup = { readonly features: ReturnType<typeof featuresConfig> };

/**
 * Every config group of the platform, for documentation (.env.example, the table), the check of
 * a product's groups against them, and their tests: each module's groups in the modules' order,
 * and after a module's groups its flags' (`features`: the variables of their defaults).
 */
export const platformConfigGroups = Object.assign(
  {},
  ...platformModules.map(
    (module): ConfigGroups => ({
      ...('config' in module ? module.config : {}),
      ...('features' in module ? { features: featuresConfig(module.features) } : {}),
    }),
  ),
) as Declared<PlatformModules, 'config'> & FlagsGroup;
