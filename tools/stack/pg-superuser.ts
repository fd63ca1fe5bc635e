import postgres from 'postgres';
import { keptSecret } from './kept-secret';
import { paths } from './paths';

/**
 * The local clusters' superuser password, kept in .data/: the single node's and the HA profile's
 * nodes' alike (whichever was made first made it), so that what reaches the stack's PostgreSQL
 * port as its superuser (db-setup, the tests) reaches either.
 */
export const superuserPassword = () => keptSecret(paths.pgSuperuserPassword);

/** One connection as the local cluster's superuser (its password is kept in .data/). */
export function superuser(port: number) {
  return postgres({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: superuserPassword(),
    database: 'postgres',
    max: 1,
    onnotice: () => {},
  });
}
