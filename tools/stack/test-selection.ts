/**
 * Which tests `./stack test` runs. The platform's integration tests (`tests/`) run against the
 * fixture product, in a copy of the checkout without the help desk
 * (tests/foundation/remove-product.test.ts), never against this checkout's help desk stack: the
 * whole run is the fast tier, the help desk's tests and that one test.
 */
/**
 * Platform tests about the git checkout itself (what it tracks, ignores and licenses; a clone of
 * it): they run in this checkout, the copy being no git repository.
 */
export const CHECKOUT_TESTS = [
  './tests/foundation/clone-anywhere.test.ts',
  './tests/foundation/packaging.test.ts',
  './tests/foundation/secrets-in-git.test.ts',
] as const;

export const WHOLE_RUN = [
  './shared/src',
  './services',
  './helpdesk/src',
  './tools',
  './tests/architecture',
  ...CHECKOUT_TESTS,
  './helpdesk/tests',
  './tests/foundation/remove-product.test.ts',
] as const;

export const REMOVE_PRODUCT_TEST = './tests/foundation/remove-product.test.ts';

/**
 * `./stack test` → the whole run; `./stack test <filters…>` → bun test's filters as given;
 * `./stack test --platform [files…]` → the remove-product test, running those platform tests
 * (all of them when none is named) in its copy (PLATFORM_TESTS, space-separated).
 */
export function testSelection(args: readonly string[]): {
  filters: readonly string[];
  env: Record<string, string>;
} {
  if (args[0] === '--platform')
    return { filters: [REMOVE_PRODUCT_TEST], env: { PLATFORM_TESTS: args.slice(1).join(' ') } };
  return { filters: args.length > 0 ? args : WHOLE_RUN, env: {} };
}
