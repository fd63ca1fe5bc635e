import { describe, expect, test } from 'bun:test';
import { isClusterUrl, parseValkeyUrl } from './url';

describe('Valkey URLs', () => {
  test('redis:// and rediss:// are one server, passed through as they are', () => {
    expect(parseValkeyUrl('redis://:pw@127.0.0.1:6379/2')).toEqual({
      kind: 'server',
      url: 'redis://:pw@127.0.0.1:6379/2',
    });
    expect(isClusterUrl('rediss://cache.example:6380')).toBe(false);
  });

  test('redis+cluster:// lists seed nodes; credentials and TLS come from the URL', () => {
    expect(
      parseValkeyUrl('rediss+cluster://app:p%40ss@cfg.example:6379?nodes=10.0.0.2:7001,[::1]:7002'),
    ).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'cfg.example', port: 6379 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      username: 'app',
      password: 'p@ss',
      tls: true,
    });
    expect(parseValkeyUrl('redis+cluster://127.0.0.1:7000')).toEqual({
      kind: 'cluster',
      nodes: [{ host: '127.0.0.1', port: 7000 }],
      tls: false,
    });
  });

  test('a cluster URL with a database, an unknown parameter or a bad seed is refused, secret hidden', () => {
    expect(() => parseValkeyUrl('redis+cluster://:secret@h:1/2')).toThrow('one database');
    expect(() => parseValkeyUrl('redis+cluster://:secret@h:1?seeds=a:1')).toThrow('only nodes');
    const bad = () => parseValkeyUrl('redis+cluster://:secret@h:1?nodes=a:99999');
    expect(bad).toThrow('"a:99999" is not host:port');
    expect(bad).not.toThrow('secret');
  });
});
