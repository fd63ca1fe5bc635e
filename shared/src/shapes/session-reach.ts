/**
 * What a session reaches. A session started through an organization's identity provider reaches
 * that organization only: the provider is that organization's word, not the account holder's
 * (docs/sso.md, "What a session reaches"). Every other session reaches every organization of the
 * account, and the account itself.
 */
export interface SessionReach {
  /** The one organization the session reaches; null: every organization of the account. */
  readonly org: string | null;
  /**
   * Whether it may act on the account itself (its password, second factor, sessions, its own
   * audit trail, new organizations, platform operation): true but for a session confined to an
   * organization that does not manage the account.
   */
  readonly account: boolean;
}

/** A session of the account's own sign-in (password, a deployment's provider). */
export const FULL_REACH: SessionReach = Object.freeze({ org: null, account: true });

/** A session started through `org`'s provider; `managed`: the account is that organization's. */
export const reachOfOrganization = (org: string, managed: boolean): SessionReach => ({
  org,
  account: managed,
});
