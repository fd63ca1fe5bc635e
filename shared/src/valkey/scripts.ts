import { readFileSync } from 'node:fs';
import type { Redis } from './client';

/**
 * A Lua script kept in its own `.lua` file beside the module that runs it, with a header naming
 * its KEYS and ARGV. Its first line is `#!lua` (Redis/Valkey ≥ 7 script flags): a cluster then
 * holds every key the script touches to the slot of its declared KEYS, even where one node owns
 * every slot (what tests/foundation/valkey-cluster.test.ts relies on), and a writing script is
 * refused whole while memory is full instead of failing halfway through.
 */
export interface LuaScript {
  /** The command it becomes on a client (`defineCommand`). */
  readonly name: string;
  readonly numberOfKeys: number;
  readonly lua: string;
}

/** Reads the script once, when the module that declares it loads. */
export function luaScript(name: string, file: URL, numberOfKeys: number): LuaScript {
  const lua = readFileSync(file, 'utf8');
  if (!lua.startsWith('#!lua')) throw new Error(`${file.pathname}: the first line must be #!lua`);
  return { name, numberOfKeys, lua };
}

type Scripted = Redis & Record<string, (...args: (string | number)[]) => Promise<unknown>>;

const defined = new WeakMap<Redis, Set<string>>();

/**
 * Runs a script on a client: defined there once (`defineCommand`: EVALSHA, and the script's text
 * again only when the server does not know it yet, after a restart or a flush).
 */
export function runScript(
  client: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  if (keys.length !== script.numberOfKeys)
    throw new Error(`${script.name} takes ${script.numberOfKeys} keys, not ${keys.length}`);
  let names = defined.get(client);
  if (!names) {
    names = new Set();
    defined.set(client, names);
  }
  if (!names.has(script.name)) {
    client.defineCommand(script.name, { lua: script.lua, numberOfKeys: script.numberOfKeys });
    names.add(script.name);
  }
  const command = (client as Scripted)[script.name];
  if (!command) throw new Error(`${script.name} is not defined`);
  return command.call(client, ...keys, ...args);
}
