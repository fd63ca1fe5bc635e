import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { paths } from './paths';

/** One connection as the local cluster's superuser (its password is kept in .data/). */
export function superuser(port: number) {
  return postgres({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: readFileSync(paths.pgSuperuserPassword, 'utf8').trim(),
    database: 'postgres',
    max: 1,
    onnotice: () => {},
  });
}
