import { expect, test } from 'bun:test';
import { FULL_REACH } from '../shapes/session-reach';
import { createAccessTokens } from './access-tokens';
import { createLoginChallenges } from './two-factor';

const keys = [{ kid: 'k1', secret: 'a-secret-of-thirty-two-characters!!' }];
const org = '01930000-0000-7000-8000-000000000001';

test("an access token carries its session's reach; a token without one reaches everything", async () => {
  const tokens = createAccessTokens({ keys, ttlSeconds: 60, rememberVerified: 0 });
  const read = async (reach?: { org: string | null; account: boolean }) => {
    const { token } = await tokens.sign('u1', {
      epoch: 0,
      family: 'f',
      ...(reach ? { reach } : {}),
    });
    return (await tokens.verify(token)).reach;
  };
  expect(await read()).toEqual(FULL_REACH);
  expect(await read({ org, account: false })).toEqual({ org, account: false });
  expect(await read({ org, account: true })).toEqual({ org, account: true });
});

test("a login challenge carries the first factor's reach, and a changed reach breaks its signature", () => {
  const challenges = createLoginChallenges('a-secret-of-thirty-two-characters!!');
  expect(challenges.verify(challenges.issue('u1'))?.reach).toEqual(FULL_REACH);
  const confined = challenges.issue('u1', { org, account: false });
  expect(challenges.verify(confined)?.reach).toEqual({ org, account: false });
  // Widened by hand: `*` in place of the organization is refused.
  const parts = confined.split('.');
  parts[3] = '*';
  expect(challenges.verify(parts.join('.'))).toBeNull();
  const managed = confined.replace(`${org}~o`, `${org}~a`);
  expect(challenges.verify(managed)).toBeNull();
});
