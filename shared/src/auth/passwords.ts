export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /**
   * Spends the time of one verification and returns false: used for unknown accounts so that a
   * login answers in the same time whether or not the email exists.
   */
  verifyNothing(password: string): Promise<false>;
}

/** argon2id via Bun.password (runs on Bun's thread pool, not the event loop). */
export function createPasswordHasher(options: {
  memoryCost: number;
  timeCost: number;
}): PasswordHasher {
  const params = {
    algorithm: 'argon2id',
    memoryCost: options.memoryCost,
    timeCost: options.timeCost,
  } as const;
  // Made at once, so that not even the first unknown-email login is told apart by its time.
  const dummy = Bun.password.hash(crypto.randomUUID(), params);
  return {
    hash: (password) => Bun.password.hash(password, params),
    verify: (password, hash) => Bun.password.verify(password, hash).catch(() => false),
    async verifyNothing(password) {
      await Bun.password.verify(password, await dummy).catch(() => false);
      return false;
    },
  };
}
