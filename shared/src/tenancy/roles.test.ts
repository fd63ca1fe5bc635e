import { describe, expect, test } from 'bun:test';
import { ANY_MEMBER, roleLadder, roleSchema, SEES_ORGANIZATION } from './roles';

const ladder = roleLadder([
  { name: 'editor', sees: 'organization', about: 'edits everything' },
  { name: 'viewer', sees: 'own', about: 'sees what names them' },
]);

describe("a deployment's roles: the platform's two above its product's", () => {
  test('ranked owner > admin > then the product’s, in the order it declares them', () => {
    expect(ladder.names).toEqual(['owner', 'admin', 'editor', 'viewer']);
    expect(ladder.atLeast('owner', 'admin')).toBe(true);
    expect(ladder.atLeast('editor', 'admin')).toBe(false);
    expect(ladder.atLeast('editor', 'viewer')).toBe(true);
    expect(ladder.atLeast('viewer', 'editor')).toBe(false);
    expect(ladder.atLeastOf('editor')).toEqual(['owner', 'admin', 'editor']);
  });

  test('any member, and the roles that see the whole organization', () => {
    expect(ladder.names.every((r) => ladder.atLeast(r, ANY_MEMBER))).toBe(true);
    expect(ladder.atLeastOf(SEES_ORGANIZATION)).toEqual(['owner', 'admin', 'editor']);
    expect(ladder.seesOrganization('viewer')).toBe(false);
    // A product may declare a role that sees everything below one that does not.
    const odd = roleLadder([
      { name: 'guest', sees: 'own', about: '' },
      { name: 'auditor', sees: 'organization', about: '' },
    ]);
    expect(odd.atLeast('auditor', 'guest')).toBe(false);
    expect(odd.atLeast('auditor', SEES_ORGANIZATION)).toBe(true);
    expect(odd.atLeast('guest', SEES_ORGANIZATION)).toBe(false);
  });

  test('a name the deployment does not declare is a programming error, never a pass', () => {
    expect(() => ladder.atLeast('ghost', ANY_MEMBER)).toThrow(
      'not a role of this deployment: ghost',
    );
    expect(() => ladder.atLeast('viewer', 'ghost')).toThrow('ghost');
    expect(ladder.has('ghost')).toBe(false);
  });

  test("no product role takes the platform's names, repeats, is malformed, or is missing", () => {
    const one = (name: string) => [{ name, sees: 'own' as const, about: '' }];
    expect(() => roleLadder(one('owner'))).toThrow('owner');
    expect(() => roleLadder(one('Admin'))).toThrow('Admin');
    expect(() => roleLadder(one('any member'))).toThrow('any member');
    expect(() => roleLadder([...one('x'), ...one('x')])).toThrow('x');
    expect(() => roleLadder([])).toThrow('at least one role');
  });

  test('a request names one of the deployment’s roles, no other', () => {
    const schema = roleSchema(ladder);
    expect(schema.parse('viewer')).toBe('viewer');
    expect(schema.safeParse('ghost').success).toBe(false);
    expect(schema.safeParse('owner ').success).toBe(false);
  });
});
