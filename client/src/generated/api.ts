/*
 * Generated from the api's OpenAPI document by client/scripts/generate.ts (openapi-typescript).
 * Do not edit: run `bun client/scripts/generate.ts` against a running stack instead.
 */

export type paths = {
    "/admin/features/{flag}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Moved to PUT /api/v1/admin/features/{flag}; answers here with a Deprecation header for one release
         * @deprecated
         */
        put: operations["setFeatureFlagDeprecated"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The deployment's audit log (or an organization's, orgId), newest first (platform operators) */
        get: operations["listPlatformAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/audit-log/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verify the deployment's hash chain (or an organization's, orgId): the first broken link named (platform operators) */
        get: operations["verifyPlatformAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/features/{flag}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Turn a feature on or off, for one organization (orgId) or for everyone (platform operators) */
        put: operations["setFeatureFlag"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/queues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every queue: job counts by state, paused or not, its workers (platform operators) */
        get: operations["listQueues"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/queues/{name}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause a queue: jobs are still accepted, none runs until it resumes */
        post: operations["pauseQueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/queues/{name}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused queue */
        post: operations["resumeQueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange email and password for tokens */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login/2fa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete a login with the second factor: a code of the authenticator, or a recovery code */
        post: operations["completeTwoFactorLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session of a refresh token */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oidc/{orgId}/jwks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public key set of an organization's client that authenticates with private_key_jwt (for providers that fetch it) */
        get: operations["getOidcClientJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oidc/{provider}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sign in with an OpenID provider: redirects to it (authorization code flow with PKCE); `provider` is an organization's id or a deployment provider's name */
        get: operations["startOidcSignIn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the provider sends the browser back: verifies everything, then redirects to the app with a one-time code in the fragment (#code=…), or with the refusal's code (#error=…&error_description=…) */
        get: operations["completeOidcSignIn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oidc/exchange": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange the one-time code of an OpenID sign-in (once, within a minute) for tokens, as a login answers */
        post: operations["exchangeOidcCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oidc/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link an OpenID identity to an existing account by proving the account's password (and second factor), then sign in — with the ticket of an `account_link_required` exchange */
        post: operations["linkOidcIdentity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a password-reset link (the same answer, in the same time, whether or not the account exists) */
        post: operations["requestPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose a new password with the mailed link (once); every session ends */
        post: operations["confirmPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate a refresh token (a spent one revokes its whole family) */
        post: operations["refreshSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account and its first organization */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an email address with the token of the mailed link */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/features": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Feature flags in force (with orgId: for that organization; you must belong to it) */
        get: operations["listFeatures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation: new people give a name and a password; an existing verified account also sends its access token */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current user and their memberships */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/2fa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Turn two-factor authentication off (a current code, or a recovery code) */
        delete: operations["disableTwoFactor"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/2fa/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor authentication on with a code of the app and your current password; answers recovery codes */
        post: operations["enableTwoFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/2fa/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New recovery codes for a current code of the app (the old ones stop working; shown only now) */
        post: operations["regenerateRecoveryCodes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/2fa/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start two-factor authentication: a new TOTP secret for your authenticator app (your current password required) */
        post: operations["setUpTwoFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your account's audit log: logins and failed logins, two-factor, password and sessions, newest first */
        get: operations["listMyAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The identity providers that sign in to your account */
        get: operations["listMyIdentities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/identities/{identityId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a link: that provider signs in to your account no more */
        delete: operations["unlinkMyIdentity"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your notifications, newest first, and how many are unread */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark notifications read: some (`ids`) or all */
        post: operations["markNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password; every other session ends */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Log out everywhere: every session of the account ends, this one included */
        delete: operations["endAllSessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail the email-verification link again (a few times an hour) */
        post: operations["resendVerificationEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an organization (you become its owner; daily quotas per user and per address) */
        post: operations["createOrganization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An organization you belong to */
        get: operations["getOrganization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/analytics/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ticket counts, response times and service-level compliance (admins and above; feature `analytics`) */
        get: operations["getAnalyticsSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log: security and administrative acts, newest first (admins and above) */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/audit-log/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verify the organization's hash chain: every hash computed again, the first broken link named (admins and above) */
        get: operations["verifyAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/domains": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's claimed email domains, proven or pending (admins) */
        get: operations["listOrganizationDomains"];
        put?: never;
        /** Claim an email domain: answers the DNS TXT record that proves it (admins; at most 50) */
        post: operations["claimOrganizationDomain"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/domains/{domain}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Release a claimed domain: its provider no longer vouches for it (admins) */
        delete: operations["releaseOrganizationDomain"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/domains/{domain}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Look the domain's DNS TXT record up now: proven when it holds the organization's challenge (admins) */
        post: operations["verifyOrganizationDomain"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Export the organization (tickets with their messages, JSON Lines, gzip); one at a time; the link is mailed */
        post: operations["createExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/exports/{exportId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An export: its state, and its link once ready */
        get: operations["getExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/inbound": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's inbound address and its authentication policy */
        get: operations["getInboundSettings"];
        /** Set the inbound address (<slug>@INBOUND_DOMAIN) and the authentication policy */
        put: operations["putInboundSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/inbound/mails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The mails received, newest first, a page at a time, and what became of each (held, dropped…) */
        get: operations["listInboundMails"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/inbound/mails/{mailId}/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Discard a held mail (404 when it is not held) */
        post: operations["discardInboundMail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/inbound/mails/{mailId}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Release a held mail: the sender's message on its ticket (404 when it is not held) */
        post: operations["releaseInboundMail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pending invitations (admins and above) */
        get: operations["listInvitations"];
        put?: never;
        /** Invite someone by email (admins and above; owners invite owners; daily quotas per organization and inviter) */
        post: operations["createInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/invitations/{invitationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a pending invitation (its link answers 410 from now on) */
        delete: operations["revokeInvitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members and their roles (roles that see the whole organization) */
        get: operations["listMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member (never the last owner) */
        delete: operations["removeMember"];
        options?: never;
        head?: never;
        /** Change a member's role (the last owner cannot be demoted) */
        patch: operations["updateMember"];
        trace?: never;
    };
    "/v1/orgs/{orgId}/sla/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The business calendar (around the clock in UTC until one is set) */
        get: operations["getSlaCalendar"];
        /** Set the business calendar: time zone, weekly hours, holidays */
        put: operations["putSlaCalendar"];
        post?: never;
        /** Back to around the clock in UTC */
        delete: operations["deleteSlaCalendar"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/sla/calendar/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import the calendar's iCalendar feed again now (it is imported daily anyway)
         * @description The worker fetches the feed through the SSRF guard and stores its days off; the outcome shows in the calendar's `icsImport`.
         */
        post: operations["importSlaCalendarFeed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/sla/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The service-level policies, in the order they are tried */
        get: operations["listSlaPolicies"];
        put?: never;
        /** Add a service-level policy */
        post: operations["createSlaPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/sla/policies/{policyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A service-level policy */
        get: operations["getSlaPolicy"];
        /** Replace a service-level policy */
        put: operations["replaceSlaPolicy"];
        post?: never;
        /** Delete a service-level policy */
        delete: operations["deleteSlaPolicy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/sso": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's sign-in provider (admins; the client secret is never shown) */
        get: operations["getSsoSettings"];
        /** Set the organization's sign-in provider: issuer, client, vouched domains, provisioning role, SSO required (owners; current password); a new issuer ends the old one's links and sessions */
        put: operations["putSsoSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/sso/remove": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Remove the organization's sign-in provider (owners; current password): its links and the sessions it started end */
        post: operations["removeSsoSettings"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tickets, newest first (requesters see their own) */
        get: operations["listTickets"];
        put?: never;
        /** Open a ticket (you are its requester; priority is for agents) */
        post: operations["createTicket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/tickets/{ticketId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A ticket, with its ETag */
        get: operations["getTicket"];
        put?: never;
        post?: never;
        /** Delete a ticket and its messages (admins and above) */
        delete: operations["deleteTicket"];
        options?: never;
        head?: never;
        /** Change a ticket (If-Match required; status, priority and assignee are for agents) */
        patch: operations["updateTicket"];
        trace?: never;
    };
    "/v1/orgs/{orgId}/tickets/{ticketId}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ticket's attachments, oldest first, with expiring signed URLs once ready */
        get: operations["listAttachments"];
        put?: never;
        /** Attach a file (multipart field `file`; type sniffed from the bytes; 25 MiB) */
        post: operations["createAttachment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/tickets/{ticketId}/attachments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An attachment, with expiring signed URLs once ready */
        get: operations["getAttachment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/tickets/{ticketId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Messages, oldest first (requesters never see internal notes) */
        get: operations["listMessages"];
        put?: never;
        /** Reply, or write an internal note (agents) */
        post: operations["createMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's webhook endpoints (admins) */
        get: operations["listWebhooks"];
        put?: never;
        /** Add a webhook endpoint (admins; needs your current password); its secret is answered once */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/webhooks/{webhookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook endpoint (admins) */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /** Delete an endpoint with its delivery log (admins) */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /** Change an endpoint (admins); a new URL needs your current password; enabling it again ends its failure streak */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/v1/orgs/{orgId}/webhooks/{webhookId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An endpoint's delivery log: each event with its latest attempts (admins) */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send one delivery again, under the same webhook-id, with a new run of retries (admins) */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/webhooks/{webhookId}/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send again every failed delivery since a time (admins; at most 1000 per call) */
        post: operations["recoverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/webhooks/{webhookId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new signing secret (admins; needs your current password); the old one keeps signing, beside it, for the grace period */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/webhooks/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event types an endpoint may subscribe to (admins) */
        get: operations["listWebhookEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        Account: {
            /** Format: email */
            email: string;
            emailVerified: boolean;
            /** Format: uuid */
            id: string;
            name: string;
        };
        AnalyticsSummary: {
            byStatus: {
                /** Format: int32 */
                closed?: number;
                /** Format: int32 */
                open?: number;
                /** Format: int32 */
                pending?: number;
                /** Format: int32 */
                solved?: number;
            };
            /** Format: int32 */
            createdLast7Days: number;
            /** Format: int32 */
            medianFirstResponseSeconds: number | null;
            /** @description per policy and target, clocks met in time and breached, of the tickets opened in the last 30 days */
            sla: {
                /** Format: int32 */
                breached: number;
                /** Format: int32 */
                met: number;
                policy: string;
                /** @enum {string} */
                target: "firstResponse" | "nextResponse" | "resolution";
            }[];
            /** Format: date-time */
            updatedAt: string;
        };
        Attachment: {
            contentType: string;
            /** @description why processing gave up (when failed) */
            failureReason?: string;
            filename: string;
            /** Format: uuid */
            id: string;
            /** Format: int64 */
            size: number;
            /** @enum {string} */
            status: "pending" | "ready" | "failed";
            /**
             * Format: uri
             * @description expiring signed URL of the thumbnail (images)
             */
            thumbnailUrl?: string;
            /**
             * Format: uri
             * @description expiring signed URL of the file (when ready)
             */
            url?: string;
        };
        AuditEntry: {
            /** @enum {string} */
            action: "auth.login" | "auth.login-failed" | "auth.sessions-ended" | "auth.password-changed" | "auth.password-reset" | "auth.two-factor-enabled" | "auth.two-factor-disabled" | "auth.recovery-codes-regenerated" | "sso.login" | "sso.login-failed" | "sso.identity-linked" | "sso.identity-unlinked" | "sso.member-provisioned" | "sso.settings-changed" | "sso.settings-removed" | "sso.domain-claimed" | "sso.domain-verified" | "sso.domain-released" | "sso.domain-lost" | "organization.created" | "invitation.sent" | "invitation.accepted" | "invitation.revoked" | "member.role-changed" | "member.removed" | "export.started" | "export.downloaded" | "feature.changed" | "webhook.created" | "webhook.updated" | "webhook.deleted" | "webhook.secret-rotated" | "encryption.keys-rotated" | "operator.queue-paused" | "operator.queue-resumed";
            actor: {
                /** Format: uuid */
                id: string | null;
                /** @enum {string} */
                type: "user" | "operator" | "system" | "anonymous";
            };
            address: string | null;
            /** Format: date-time */
            at: string;
            change: {
                [key: string]: unknown;
            };
            /** @description SHA-256(prevHash ‖ canonical JSON of the row) */
            hash: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            organizationId: string | null;
            /** @description the hash of the row before it */
            prevHash: string;
            requestId: string | null;
            /** Format: int64 */
            seq: number;
            target: {
                id: string;
                type: string;
            } | null;
            userAgent: string | null;
        };
        AuditVerification: {
            /** @description the last row dropped by retention: the chain starts after it */
            anchor: {
                hash: string;
                /** Format: int64 */
                seq: number;
            } | null;
            /**
             * Format: int64
             * @description rows checked, from the anchor to the head
             */
            checked: number;
            /** Format: uuid */
            firstBrokenId?: string;
            /**
             * Format: int64
             * @description the first broken link
             */
            firstBrokenSeq?: number;
            /** @description the last row checked: keep it elsewhere, and give it as `head` to a later verify */
            head: {
                hash: string;
                /** Format: int64 */
                seq: number;
            } | null;
            /** @enum {string} */
            reason?: "row altered" | "link broken" | "row missing" | "tail cut";
            /** @description with `head`: the head given, and what became of it */
            savedHead?: {
                hash: string;
                /** Format: int64 */
                seq: number;
                /**
                 * @description the saved head's row: there with the same hash, with another, gone past the chain's last row, or dropped by retention before the anchor (not a cut)
                 * @enum {string}
                 */
                status: "matches" | "differs" | "missing" | "before anchor";
            };
            /** @description with `head`: rows after the saved head were removed or written again (the chain alone cannot show it) */
            tailCut?: boolean;
            valid: boolean;
        };
        Export: {
            /** Format: int64 */
            bytes: number | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: uuid */
            id: string;
            /**
             * Format: int64
             * @description tickets exported (when ready)
             */
            lines: number | null;
            /** @description of the uncompressed content */
            sha256: string | null;
            /** @enum {string} */
            status: "running" | "ready" | "failed";
            /**
             * Format: uri
             * @description expiring signed link of the file (ready)
             */
            url?: string;
        };
        InboundMail: {
            authentication: {
                [key: string]: unknown;
            } | null;
            from: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            messageId: string | null;
            outcome: string | null;
            /** Format: date-time */
            receivedAt: string;
            /** Format: int32 */
            size: number;
            /** @enum {string} */
            status: "received" | "processed" | "dropped" | "held" | "refused";
            /** Format: uuid */
            ticketId: string | null;
            to: string;
        };
        InboundSettings: {
            /**
             * Format: email
             * @description mail to it opens a ticket
             */
            address: string;
            /**
             * @description mail failing SPF/DKIM/DMARC: accepted, flagged (noted with it), or refused
             * @enum {string}
             */
            authPolicy: "accept" | "flag" | "reject";
            /** @example acme-support */
            slug: string;
        };
        Invitation: {
            email: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            role: components["schemas"]["RoleName"];
        };
        LinkedIdentity: {
            /** Format: date-time */
            createdAt: string;
            email: string | null;
            /** Format: uuid */
            id: string;
            issuer: string;
            /** Format: date-time */
            lastSignInAt: string | null;
            /**
             * @description owner: you linked it with your password; provisioned: the provider made this account
             * @enum {string}
             */
            linkedBy: "owner" | "provisioned";
            /**
             * Format: uuid
             * @description whose provider made the link (null: the deployment's)
             */
            organizationId: string | null;
        };
        LinkRequiredProblem: components["schemas"]["Problem"] & {
            /** @description good for one attempt at /auth/oidc/link, 5 minutes */
            linkTicket: string;
            /** @description the link also needs a code of the authenticator */
            secondFactorRequired: boolean;
        };
        LoggedIn: {
            /** @description keep it and send it with later logins */
            deviceToken: string;
            tokens: components["schemas"]["Tokens"];
            user: components["schemas"]["Account"];
        };
        Member: {
            /** Format: date-time */
            joinedAt: string;
            role: components["schemas"]["RoleName"];
            user: components["schemas"]["User"];
        };
        Message: {
            author: components["schemas"]["UserRef"];
            body: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            internal: boolean;
            /** Format: uuid */
            ticketId: string;
        };
        Notification: {
            actor: components["schemas"]["UserRef"];
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "assigned" | "reply" | "sla_warning" | "sla_breached";
            /** Format: uuid */
            messageId: string | null;
            /** Format: uuid */
            orgId: string;
            read: boolean;
            ticket: {
                /** Format: uuid */
                id: string;
                /** Format: int32 */
                number: number;
                subject: string;
            };
        };
        Organization: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
        };
        OrganizationDomain: {
            /** Format: date-time */
            checkedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            domain: string;
            /** @description publish this record; then POST …/verify */
            record: {
                name: string;
                /** @enum {string} */
                type: "TXT";
                value: string;
            };
            /** @enum {string} */
            status: "pending" | "verified";
            /** Format: date-time */
            verifiedAt: string | null;
        };
        PendingInvitation: components["schemas"]["Invitation"] & {
            /** Format: date-time */
            createdAt: string;
            invitedBy: components["schemas"]["UserRef"];
        };
        Problem: {
            code: string;
            detail?: string;
            errors?: {
                message: string;
                path: string;
            }[];
            requestId?: string;
            /** Format: int32 */
            status: number;
            title: string;
            type: string;
        };
        QueueState: {
            counts: {
                /** Format: int64 */
                active?: number;
                /** Format: int64 */
                completed?: number;
                /** Format: int64 */
                delayed?: number;
                /** Format: int64 */
                failed?: number;
                /** Format: int64 */
                prioritized?: number;
                /** Format: int64 */
                wait?: number;
            };
            name: string;
            paused: boolean;
            /** @description the worker connections consuming it */
            workers: {
                idleSeconds: number | null;
                name: string;
            }[];
        };
        RecoveryCodes: {
            /** @description single-use codes for when the app is lost; shown only now */
            recoveryCodes: string[];
        };
        RoleName: string;
        SlaCalendar: {
            holidays: ({
                /** Format: date */
                date: string;
            } | {
                yearly: string;
            })[];
            icsFilter: components["schemas"]["SlaFeedFilter"];
            /** @description the feed not imported yet (or none): null */
            icsImport: {
                /** Format: date-time */
                at: string;
                error: string | null;
                /** Format: int32 */
                events: number;
                /**
                 * Format: int32
                 * @description events the feed's filter left out
                 */
                filtered: number;
                /** @description the days off it gave (kept from the last success when it failed) */
                holidays: ({
                    /** Format: date */
                    date: string;
                } | {
                    yearly: string;
                })[];
                ok: boolean;
                /** @description why events were skipped */
                reasons: string[];
                /** Format: int32 */
                skipped: number;
            } | null;
            icsUrl: string | null;
            /** @description true: none set, around the clock in UTC */
            isDefault: boolean;
            timeZone: string;
            /** Format: date-time */
            updatedAt: string | null;
            weekly: {
                /** @enum {string} */
                day: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
                end: string;
                start: string;
            }[];
        };
        SlaFeedFilter: {
            /**
             * @description events with such a CATEGORIES value left out: whole-text patterns, case-insensitive, * any run, ? one character
             * @default []
             */
            excludeCategories: string[];
            /**
             * @description events whose DESCRIPTION (or its first line) matches one left out (Google's observances: Observance): whole-text patterns, case-insensitive, * any run, ? one character
             * @default []
             */
            excludeDescriptions: string[];
            /**
             * @description events whose SUMMARY matches one left out: whole-text patterns, case-insensitive, * any run, ? one character
             * @default []
             */
            excludeSummaries: string[];
            /**
             * @description only events with such a CATEGORIES value (none: every event): whole-text patterns, case-insensitive, * any run, ? one character
             * @default []
             */
            includeCategories: string[];
            /**
             * @description only events whose DESCRIPTION (or its first line) matches one (none: every event): whole-text patterns, case-insensitive, * any run, ? one character
             * @default []
             */
            includeDescriptions: string[];
            /**
             * @description only events whose SUMMARY matches one (none: every event): whole-text patterns, case-insensitive, * any run, ? one character
             * @default []
             */
            includeSummaries: string[];
            /**
             * @description leave out TRANSP:TRANSPARENT events (Google marks every holiday so)
             * @default false
             */
            skipTransparent: boolean;
        };
        SlaPolicy: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            isDefault: boolean;
            name: string;
            pausedStatuses: ("open" | "pending" | "solved" | "closed")[];
            /** Format: int32 */
            position: number;
            priorities: ("low" | "normal" | "high" | "urgent")[];
            targets: {
                /** Format: int32 */
                firstResponse: number | null;
                /** Format: int32 */
                nextResponse: number | null;
                /** Format: int32 */
                resolution: number | null;
            };
            /** Format: date-time */
            updatedAt: string;
            /** Format: int32 */
            warningMinutes: number | null;
        };
        SsoLoggedIn: {
            /** @description keep it and send it with later logins */
            deviceToken?: string;
            tokens: components["schemas"]["Tokens"];
            user: components["schemas"]["Account"];
        };
        SsoSettings: {
            /** @enum {string} */
            clientAuth: "client_secret_basic" | "client_secret_post" | "private_key_jwt";
            clientId: string;
            /** @description private_key_jwt: the key set to register with the provider (also served at /api/v1/auth/oidc/{orgId}/jwks) */
            clientJwks: {
                keys: {
                    [key: string]: string;
                }[];
            } | null;
            /** @description a secret is stored (never shown) */
            clientSecretSet: boolean;
            issuer: string;
            jitRole: string | null;
            ssoRequired: boolean;
            /** Format: date-time */
            updatedAt: string;
            vouchedDomains: string[];
        };
        Ticket: {
            assignee: components["schemas"]["UserRef"];
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** Format: int32 */
            number: number;
            /** @enum {string} */
            priority: "low" | "normal" | "high" | "urgent";
            requester: components["schemas"]["UserRef"];
            sla: components["schemas"]["TicketSla"];
            /** @enum {string} */
            status: "open" | "pending" | "solved" | "closed";
            subject: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: int32 */
            version: number;
        };
        /** @description Due times of the running clocks (null: met, stopped or no such target) and the targets breached. */
        TicketSla: {
            breached: ("firstResponse" | "nextResponse" | "resolution")[];
            /** Format: date-time */
            firstResponseDueAt: string | null;
            /** Format: date-time */
            nextResponseDueAt: string | null;
            policy: {
                /** Format: uuid */
                id: string | null;
                name: string;
            };
            /** Format: date-time */
            resolutionDueAt: string | null;
        } | null;
        Tokens: {
            accessToken: string;
            /**
             * Format: int32
             * @description access token lifetime, seconds
             */
            expiresIn: number;
            refreshToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
        };
        TwoFactorChallenge: {
            /** @description send it to /auth/login/2fa with a code */
            challenge: string;
            /** @enum {boolean} */
            twoFactorRequired: true;
        };
        User: {
            /** Format: email */
            email: string;
            /** Format: uuid */
            id: string;
            name: string;
        };
        UserRef: {
            /** Format: uuid */
            id: string;
            name: string;
        } | null;
        WebhookAttempt: {
            /** Format: date-time */
            at: string;
            error: string | null;
            /** Format: int32 */
            latencyMs: number;
            /** @description the first 1 KB of the answer */
            responseExcerpt: string;
            /** Format: int32 */
            statusCode: number | null;
            succeeded: boolean;
        };
        WebhookDelivery: {
            /** @description the latest, newest first */
            attempts: components["schemas"]["WebhookAttempt"][];
            /** Format: date-time */
            createdAt: string;
            eventType: string;
            /** Format: uuid */
            id: string;
            /** @description the `webhook-id` of every attempt */
            messageId: string;
            /** Format: date-time */
            nextAttemptAt: string | null;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
        };
        WebhookEndpoint: {
            /** Format: date-time */
            createdAt: string;
            description: string;
            /**
             * @description why the platform turned it off (410, or failing for days)
             * @enum {string|null}
             */
            disabledReason: "gone" | "failing" | null;
            enabled: boolean;
            eventTypes: string[];
            /** Format: date-time */
            failingSince: string | null;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            lastSuccessAt: string | null;
            /**
             * Format: date-time
             * @description the secret before the last rotation still signs until then
             */
            previousSecretValidUntil: string | null;
            /** Format: date-time */
            updatedAt: string;
            url: string;
        };
        WebhookEndpointWithSecret: components["schemas"]["WebhookEndpoint"] & {
            /** @description the signing secret (Standard Webhooks, `whsec_…`): shown this once, never again; verify deliveries with it */
            secret: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    setFeatureFlagDeprecated: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                flag: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enabled: boolean;
                    /** Format: uuid */
                    orgId?: string;
                };
            };
        };
        responses: {
            /** @description Set; every instance follows within seconds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        enabled: boolean;
                        flag: string;
                        /** Format: uuid */
                        orgId: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPlatformAuditLog: {
        parameters: {
            query?: {
                action?: "auth.login" | "auth.login-failed" | "auth.sessions-ended" | "auth.password-changed" | "auth.password-reset" | "auth.two-factor-enabled" | "auth.two-factor-disabled" | "auth.recovery-codes-regenerated" | "sso.login" | "sso.login-failed" | "sso.identity-linked" | "sso.identity-unlinked" | "sso.member-provisioned" | "sso.settings-changed" | "sso.settings-removed" | "sso.domain-claimed" | "sso.domain-verified" | "sso.domain-released" | "sso.domain-lost" | "organization.created" | "invitation.sent" | "invitation.accepted" | "invitation.revoked" | "member.role-changed" | "member.removed" | "export.started" | "export.downloaded" | "feature.changed" | "webhook.created" | "webhook.updated" | "webhook.deleted" | "webhook.secret-rotated" | "encryption.keys-rotated" | "operator.queue-paused" | "operator.queue-resumed";
                actorId?: string;
                cursor?: string;
                limit?: number;
                /** @description an organization's chain; left out: the deployment's */
                orgId?: string;
                /** @description entries at or after this time */
                since?: string;
                /** @description entries at or before this time */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Entries, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEntry"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyPlatformAuditLog: {
        parameters: {
            query?: {
                /** @description a head kept from an earlier verification, `<seq>:<hash>`: the answer is not valid (`tailCut`) when that row is gone past the chain's last one or has another hash */
                head?: string;
                /** @description an organization's chain; left out: the deployment's */
                orgId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The verification */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setFeatureFlag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                flag: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enabled: boolean;
                    /** Format: uuid */
                    orgId?: string;
                };
            };
        };
        responses: {
            /** @description Set; every instance follows within seconds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        enabled: boolean;
                        flag: string;
                        /** Format: uuid */
                        orgId: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listQueues: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The queues */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        queues: components["schemas"]["QueueState"][];
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pauseQueue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The queue now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueState"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resumeQueue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The queue now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueState"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the deviceToken of an earlier successful login on this device: it may still log in while the account is under attack */
                    deviceToken?: string;
                    /** Format: email */
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Logged in, or (accounts with two-factor authentication) the challenge for the second factor */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoggedIn"] | components["schemas"]["TwoFactorChallenge"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeTwoFactorLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    challenge: string;
                    code?: string;
                    deviceToken?: string;
                    recoveryCode?: string;
                };
            };
        };
        responses: {
            /** @description Logged in */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoggedIn"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description Logged out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOidcClientJwks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key set (RFC 7517) */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: {
                            [key: string]: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startOidcSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an organization's id, or a deployment provider's name */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the provider's authorization endpoint; sets the flow's cookie */
            302: {
                headers: {
                    Location?: string;
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            502: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeOidcSignIn: {
        parameters: {
            query?: {
                code?: string;
                error?: string;
                error_description?: string;
                iss?: string;
                session_state?: string;
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the app: #code=<one-time code> to exchange at /auth/oidc/exchange, or #error=<a problem's code, or the provider's error>&error_description=<what it means> (RFC 6749 4.1.2.1's parameters, in the fragment like the code) */
            302: {
                headers: {
                    Location?: string;
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exchangeOidcCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                    deviceToken?: string;
                };
            };
        };
        responses: {
            /** @description Signed in, or (an account with two-factor authentication the provider did not check) the challenge for the second factor */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SsoLoggedIn"] | components["schemas"]["TwoFactorChallenge"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description account_link_required: an account with this verified address exists and is not a member of the organization yet; its owner proves its password at /auth/oidc/link with `linkTicket` */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["LinkRequiredProblem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    linkOidcIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code?: string;
                    deviceToken?: string;
                    password: string;
                    recoveryCode?: string;
                    ticket: string;
                };
            };
        };
        responses: {
            /** @description Linked and signed in */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoggedIn"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            /** @description If the account exists, a link is on its way */
            202: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Password changed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description New tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: components["schemas"]["Tokens"];
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name: string;
                    organizationName: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Registered */
            201: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        organization: components["schemas"]["Organization"];
                        tokens: components["schemas"]["Tokens"];
                        user: components["schemas"]["Account"];
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description Verified */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFeatures: {
        parameters: {
            query?: {
                orgId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flags */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        flags: {
                            [key: string]: boolean;
                        };
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    password?: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Joined */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        organization: components["schemas"]["Organization"];
                        tokens: components["schemas"]["Tokens"];
                        user: components["schemas"]["Account"];
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gone (withdrawn on purpose) */
            410: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Who you are */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        memberships: {
                            organization: components["schemas"]["Organization"];
                            role: components["schemas"]["RoleName"];
                        }[];
                        user: components["schemas"]["Account"];
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disableTwoFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code?: string;
                    recoveryCode?: string;
                };
            };
        };
        responses: {
            /** @description Off */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enableTwoFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                    /** @description your current password: this change needs it (re-authentication) */
                    currentPassword: string;
                };
            };
        };
        responses: {
            /** @description On */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodes"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    regenerateRecoveryCodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description The new codes */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodes"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setUpTwoFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description your current password: this change needs it (re-authentication) */
                    currentPassword: string;
                };
            };
        };
        responses: {
            /** @description The secret (confirm it with /me/2fa/enable) */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description otpauth:// URI, for a QR code */
                        otpauthUrl: string;
                        /** @description base32, for typing into the app */
                        secret: string;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMyAuditLog: {
        parameters: {
            query?: {
                action?: "auth.login" | "auth.login-failed" | "auth.sessions-ended" | "auth.password-changed" | "auth.password-reset" | "auth.two-factor-enabled" | "auth.two-factor-disabled" | "auth.recovery-codes-regenerated" | "sso.login" | "sso.login-failed" | "sso.identity-linked" | "sso.identity-unlinked" | "sso.member-provisioned" | "sso.settings-changed" | "sso.settings-removed" | "sso.domain-claimed" | "sso.domain-verified" | "sso.domain-released" | "sso.domain-lost" | "organization.created" | "invitation.sent" | "invitation.accepted" | "invitation.revoked" | "member.role-changed" | "member.removed" | "export.started" | "export.downloaded" | "feature.changed" | "webhook.created" | "webhook.updated" | "webhook.deleted" | "webhook.secret-rotated" | "encryption.keys-rotated" | "operator.queue-paused" | "operator.queue-resumed";
                cursor?: string;
                limit?: number;
                /** @description entries at or after this time */
                since?: string;
                /** @description entries at or before this time */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Entries, newest first */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEntry"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMyIdentities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every link (one page) */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["LinkedIdentity"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unlinkMyIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                identityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unlinked */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                /** @description only the unread ones */
                unread?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of notifications */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Notification"][];
                        nextCursor: string | null;
                        /** Format: int32 */
                        unreadCount: number;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markNotificationsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ids: string[];
                } | {
                    /** @enum {boolean} */
                    all: true;
                };
            };
        };
        responses: {
            /** @description What is left unread */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: int32 */
                        unreadCount: number;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description your current password: this change needs it (re-authentication) */
                    currentPassword: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Changed */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    endAllSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every session ended */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resendVerificationEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description On its way */
            202: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organization */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAnalyticsSummary: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The summary */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsSummary"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                action?: "auth.login" | "auth.login-failed" | "auth.sessions-ended" | "auth.password-changed" | "auth.password-reset" | "auth.two-factor-enabled" | "auth.two-factor-disabled" | "auth.recovery-codes-regenerated" | "sso.login" | "sso.login-failed" | "sso.identity-linked" | "sso.identity-unlinked" | "sso.member-provisioned" | "sso.settings-changed" | "sso.settings-removed" | "sso.domain-claimed" | "sso.domain-verified" | "sso.domain-released" | "sso.domain-lost" | "organization.created" | "invitation.sent" | "invitation.accepted" | "invitation.revoked" | "member.role-changed" | "member.removed" | "export.started" | "export.downloaded" | "feature.changed" | "webhook.created" | "webhook.updated" | "webhook.deleted" | "webhook.secret-rotated" | "encryption.keys-rotated" | "operator.queue-paused" | "operator.queue-resumed";
                actorId?: string;
                cursor?: string;
                limit?: number;
                /** @description entries at or after this time */
                since?: string;
                /** @description entries at or before this time */
                until?: string;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Entries, newest first */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEntry"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyAuditLog: {
        parameters: {
            query?: {
                /** @description a head kept from an earlier verification, `<seq>:<hash>`: the answer is not valid (`tailCut`) when that row is gone past the chain's last one or has another hash */
                head?: string;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The verification */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listOrganizationDomains: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every claimed domain (one page) */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["OrganizationDomain"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    claimOrganizationDomain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    domain: string;
                };
            };
        };
        responses: {
            /** @description Claimed before: as it is */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationDomain"];
                };
            };
            /** @description Claimed (pending until verified) */
            201: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationDomain"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    releaseOrganizationDomain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                domain: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Released */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyOrganizationDomain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                domain: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Proven */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationDomain"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Started */
            202: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Export"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                exportId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Export"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInboundSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Its settings */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboundSettings"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putInboundSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default flag
                     * @enum {string}
                     */
                    authPolicy?: "accept" | "flag" | "reject";
                    /** @example acme-support */
                    slug: string;
                };
            };
        };
        responses: {
            /** @description Set */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboundSettings"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listInboundMails: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                /** @description only the mails of this status (held: waiting for an admin) */
                status?: "received" | "processed" | "dropped" | "held" | "refused";
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the mails */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["InboundMail"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    discardInboundMail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mailId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    releaseInboundMail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mailId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listInvitations: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Pending invitations, oldest first */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PendingInvitation"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /**
                     * @description `owner`: everything, the owner role and sign-in included; `admin`: members, invitations, settings and webhooks; `agent`: works every ticket, internal notes included; `requester`: opens tickets and follows their own
                     * @enum {string}
                     */
                    role: "owner" | "admin" | "agent" | "requester";
                };
            };
        };
        responses: {
            /** @description Invited; the email is on its way */
            201: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invitation"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invitationId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMembers: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Members, oldest first */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Member"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description `owner`: everything, the owner role and sign-in included; `admin`: members, invitations, settings and webhooks; `agent`: works every ticket, internal notes included; `requester`: opens tickets and follows their own
                     * @enum {string}
                     */
                    role: "owner" | "admin" | "agent" | "requester";
                };
            };
        };
        responses: {
            /** @description The member */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSlaCalendar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The calendar */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaCalendar"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putSlaCalendar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default [] */
                    holidays?: ({
                        /** Format: date */
                        date: string;
                    } | {
                        yearly: string;
                    })[];
                    /**
                     * @description which of the feed's events count (default: every one)
                     * @default {}
                     */
                    icsFilter?: {
                        /**
                         * @description events with such a CATEGORIES value left out: whole-text patterns, case-insensitive, * any run, ? one character
                         * @default []
                         */
                        excludeCategories?: string[];
                        /**
                         * @description events whose DESCRIPTION (or its first line) matches one left out (Google's observances: Observance): whole-text patterns, case-insensitive, * any run, ? one character
                         * @default []
                         */
                        excludeDescriptions?: string[];
                        /**
                         * @description events whose SUMMARY matches one left out: whole-text patterns, case-insensitive, * any run, ? one character
                         * @default []
                         */
                        excludeSummaries?: string[];
                        /**
                         * @description only events with such a CATEGORIES value (none: every event): whole-text patterns, case-insensitive, * any run, ? one character
                         * @default []
                         */
                        includeCategories?: string[];
                        /**
                         * @description only events whose DESCRIPTION (or its first line) matches one (none: every event): whole-text patterns, case-insensitive, * any run, ? one character
                         * @default []
                         */
                        includeDescriptions?: string[];
                        /**
                         * @description only events whose SUMMARY matches one (none: every event): whole-text patterns, case-insensitive, * any run, ? one character
                         * @default []
                         */
                        includeSummaries?: string[];
                        /**
                         * @description leave out TRANSP:TRANSPARENT events (Google marks every holiday so)
                         * @default false
                         */
                        skipTransparent?: boolean;
                    };
                    /**
                     * Format: uri
                     * @description an iCalendar feed whose events are days off too (imported by the worker now and daily); null: none
                     * @default null
                     */
                    icsUrl?: string | null;
                    timeZone: string;
                    weekly: {
                        /** @enum {string} */
                        day: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
                        end: string;
                        start: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description The calendar */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaCalendar"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSlaCalendar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reset */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importSlaCalendarFeed: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The import is on its way */
            202: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSlaPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policies */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["SlaPolicy"][];
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSlaPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default false */
                    isDefault?: boolean;
                    name: string;
                    /**
                     * @description statuses whose time does not count (solved and closed stop the clocks anyway)
                     * @default [
                     *       "pending"
                     *     ]
                     */
                    pausedStatuses?: ("open" | "pending" | "solved" | "closed")[];
                    /**
                     * Format: int32
                     * @description policies are tried in this order (default: after the others)
                     */
                    position?: number;
                    /**
                     * @description tickets of these priorities (empty: the default policy only)
                     * @default []
                     */
                    priorities?: ("low" | "normal" | "high" | "urgent")[];
                    /** @description business minutes per target; null: no such target */
                    targets: {
                        /** Format: int32 */
                        firstResponse: number | null;
                        /** Format: int32 */
                        nextResponse: number | null;
                        /** Format: int32 */
                        resolution: number | null;
                    };
                    /**
                     * Format: int32
                     * @description sla.warning this many minutes before a due time; null: none
                     * @default null
                     */
                    warningMinutes?: number | null;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaPolicy"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSlaPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaPolicy"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceSlaPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                policyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default false */
                    isDefault?: boolean;
                    name: string;
                    /**
                     * @description statuses whose time does not count (solved and closed stop the clocks anyway)
                     * @default [
                     *       "pending"
                     *     ]
                     */
                    pausedStatuses?: ("open" | "pending" | "solved" | "closed")[];
                    /**
                     * Format: int32
                     * @description policies are tried in this order (default: after the others)
                     */
                    position?: number;
                    /**
                     * @description tickets of these priorities (empty: the default policy only)
                     * @default []
                     */
                    priorities?: ("low" | "normal" | "high" | "urgent")[];
                    /** @description business minutes per target; null: no such target */
                    targets: {
                        /** Format: int32 */
                        firstResponse: number | null;
                        /** Format: int32 */
                        nextResponse: number | null;
                        /** Format: int32 */
                        resolution: number | null;
                    };
                    /**
                     * Format: int32
                     * @description sla.warning this many minutes before a due time; null: none
                     * @default null
                     */
                    warningMinutes?: number | null;
                };
            };
        };
        responses: {
            /** @description The policy */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaPolicy"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSlaPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSsoSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SsoSettings"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putSsoSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description how the client authenticates at the token endpoint; private_key_jwt: a key pair is made here, register its public key set (clientJwks) with the provider
                     * @default client_secret_basic
                     * @enum {string}
                     */
                    clientAuth?: "client_secret_basic" | "client_secret_post" | "private_key_jwt";
                    clientId: string;
                    /** @description client_secret_basic and client_secret_post: required the first time; left out, the stored one is kept */
                    clientSecret?: string;
                    /** @description your current password: this change needs it (re-authentication) */
                    currentPassword: string;
                    /**
                     * Format: uri
                     * @description the provider's issuer (its discovery document is under it)
                     */
                    issuer: string;
                    /**
                     * @description the role of people provisioned on first sign-in; null: nobody is
                     * @default null
                     * @enum {string|null}
                     */
                    jitRole?: "admin" | "agent" | "requester" | null;
                    /** @default false */
                    ssoRequired?: boolean;
                    /**
                     * @description domains the provider vouches for: each one proven by this organization (POST …/domains, then …/verify)
                     * @default []
                     */
                    vouchedDomains?: string[];
                };
            };
        };
        responses: {
            /** @description Saved */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SsoSettings"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeSsoSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description your current password: this change needs it (re-authentication) */
                    currentPassword: string;
                };
            };
        };
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTickets: {
        parameters: {
            query?: {
                assigneeId?: string;
                cursor?: string;
                limit?: number;
                priority?: "low" | "normal" | "high" | "urgent";
                /** @description full-text search (PostgreSQL's, English) over the subject and the public messages; a ticket's words stop at 1 MB of distinct words, a message whose words do not fit is not found by them */
                q?: string;
                status?: "open" | "pending" | "solved" | "closed";
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tickets */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Ticket"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTicket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    /** @enum {string} */
                    priority?: "low" | "normal" | "high" | "urgent";
                    subject: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ticket"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTicket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ticket */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ticket"];
                };
            };
            /** @description Unchanged since If-None-Match */
            304: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteTicket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateTicket: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                orgId: string;
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    assigneeId?: string | null;
                    /** @enum {string} */
                    priority?: "low" | "normal" | "high" | "urgent";
                    /** @enum {string} */
                    status?: "open" | "pending" | "solved" | "closed";
                    subject?: string;
                };
            };
        };
        responses: {
            /** @description The changed ticket */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ticket"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource changed since the version in If-Match */
            412: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is required */
            428: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAttachments: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of them */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Attachment"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file: string;
                };
            };
        };
        responses: {
            /** @description Stored; processing (thumbnail) follows */
            201: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attachment"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                orgId: string;
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The attachment */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attachment"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMessages: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of messages */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Message"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    internal?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Endpoints, oldest first */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookEndpoint"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description your current password: this change needs it (re-authentication) */
                    currentPassword: string;
                    description?: string;
                    enabled?: boolean;
                    /** @description event types to deliver (the deployment's webhook event types) */
                    eventTypes: string[];
                    /**
                     * @description http(s) URL the events are POSTed to
                     * @example https://example.com/hooks
                     */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Created; keep the secret, it is not shown again */
            201: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description your current password: this change needs it (re-authentication) */
                    currentPassword?: string;
                    description?: string;
                    enabled?: boolean;
                    /** @description event types to deliver (the deployment's webhook event types) */
                    eventTypes?: string[];
                    /**
                     * @description http(s) URL the events are POSTed to
                     * @example https://example.com/hooks
                     */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                orgId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deliveries, newest first */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookDelivery"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
                orgId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: int32 */
                        queued: number;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recoverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    since: string;
                };
            };
        };
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: int32 */
                        queued: number;
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description your current password: this change needs it (re-authentication) */
                    currentPassword: string;
                    /**
                     * Format: int32
                     * @description how long the old secret still signs (default: WEBHOOK_SECRET_GRACE_HOURS; 0: not at all)
                     */
                    graceSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Rotated; keep the new secret, it is not shown again */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Type not allowed, or not what the file claims to be */
            415: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Idempotency-Key reused with a different request */
            422: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEventTypes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Event types */
            200: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: string[];
                    };
                };
            };
            /** @description Invalid request (problem+json, `errors` lists the fields) */
            400: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed: your role, or what your session reaches (step_up_required, sso_required) */
            403: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (also: another organization’s object) */
            404: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (Retry-After, RateLimit-*) */
            429: {
                headers: {
                    /** @description Requests allowed in the window of the budget this request spent */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
