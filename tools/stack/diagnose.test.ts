import { describe, expect, test } from 'bun:test';
import { diagnose } from './diagnose';

// What `./stack` says about a process that does not come up, from its log lines alone (the same
// with real processes and a running stack: tests/foundation/diagnose.test.ts).

const nginx = {
  name: 'nginx',
  group: 'nginx',
  listens: { HTTPS_PORT: 1, HTTP_PORT: 2 },
  runsAs: 'postgres',
};

describe('diagnose', () => {
  test('a port in use names the variable that moves it', () => {
    const problem = diagnose(nginx, [
      'nginx: [emerg] bind() to 0.0.0.0:2 failed (98: Address already in use)',
    ]);
    expect(problem?.reason).toBe(
      'nginx: [emerg] bind() to 0.0.0.0:2 failed (98: Address already in use)',
    );
    expect(problem?.fix).toStartWith('port 2 is taken');
    expect(problem?.fix).toContain('(HTTP_PORT; see .env.example)');
  });

  test('a configuration error lists each variable, and the fix names them', () => {
    const problem = diagnose({ ...nginx, name: 'api-1' }, [
      'api: Invalid configuration (2 problems):',
      '  - PORT: Invalid input',
      '  - LOG_LEVEL: Invalid option',
    ]);
    expect(problem?.reason).toBe(
      'Invalid configuration (2 problems): PORT: Invalid input; LOG_LEVEL: Invalid option',
    );
    expect(problem?.fix).toBe(
      'correct PORT, LOG_LEVEL in .env.local or the environment (.env.example describes each)',
    );
  });

  test('a path its user cannot reach: who, which path, and how to see why', () => {
    const problem = diagnose(nginx, ['open() "/x/y.pid" failed (13: Permission denied)']);
    expect(problem?.fix).toContain('the postgres user cannot reach /x/y.pid');
  });

  test('otherwise the last error line, and nothing for a clean log', () => {
    expect(diagnose(nginx, ['starting', 'Error: unplugged', 'stopping'])?.reason).toBe(
      'Error: unplugged',
    );
    expect(diagnose(nginx, ['{"level":30,"msg":"started"}'])).toBeNull();
  });
});
