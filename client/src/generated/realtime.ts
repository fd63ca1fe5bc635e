/*
 * Generated from helpdesk/src/protocol.ts by client/scripts/realtime-types.ts.
 * Do not edit: run `bun client/scripts/generate.ts` instead.
 */

export type ClientEventError = "invalid_request" | "rate_limited" | "not_found" | "sso_required" | "step_up_required" | "unauthorized" | "unavailable";

export type ClientToServerEvents = {
  subscribe: (payload: {
    orgId: string;
    since?: string;
  }, ack: (answer: {
    ok: false;
    error: "invalid_request" | "rate_limited" | "not_found" | "sso_required" | "step_up_required" | "unauthorized" | "unavailable";
  } | {
    ok: true;
    lastEventId: string;
    resync?: true;
  }) => void) => void;
  unsubscribe: (payload: {
    orgId: string;
  }, ack: (answer: {
    ok: false;
    error: "invalid_request" | "rate_limited" | "not_found" | "sso_required" | "step_up_required" | "unauthorized" | "unavailable";
  } | {
    ok: true;
  }) => void) => void;
  auth: (payload: {
    token: string;
  }, ack: (answer: {
    ok: false;
    error: "invalid_request" | "rate_limited" | "not_found" | "sso_required" | "step_up_required" | "unauthorized" | "unavailable";
  } | {
    ok: true;
    expiresAt: string;
  }) => void) => void;
  "ticket.watch": (payload: {
    orgId: string;
    ticketId: string;
  }, ack: (answer: {
    ok: false;
    error: "invalid_request" | "rate_limited" | "not_found" | "sso_required" | "step_up_required" | "unauthorized" | "unavailable";
  } | {
    ok: true;
    viewers: {
      userId: string;
      name: string;
    }[];
  }) => void) => void;
  "ticket.unwatch": (payload: {
    orgId: string;
    ticketId: string;
  }, ack: (answer: {
    ok: false;
    error: "invalid_request" | "rate_limited" | "not_found" | "sso_required" | "step_up_required" | "unauthorized" | "unavailable";
  } | {
    ok: true;
    viewers: {
      userId: string;
      name: string;
    }[];
  }) => void) => void;
  "ticket.typing": (payload: {
    orgId: string;
    ticketId: string;
  }) => void;
};

export type ServerToClientEvents = {
  "webhook.endpoint-disabled": (event: {
    readonly id: string;
    readonly orgId: string;
    readonly type: "webhook.endpoint-disabled";
    readonly at: string;
    readonly data: {
      endpointId: string;
      description: string;
      reason: "gone" | "failing";
      disabledAt: string;
    };
  }) => void;
  "member.joined": (event: {
    readonly id: string;
    readonly orgId: string;
    readonly type: "member.joined";
    readonly at: string;
    readonly data: {
      user: {
        id: string;
        name: string;
      };
      role: string;
    };
  }) => void;
  "ticket.created": (event: {
    readonly id: string;
    readonly orgId: string;
    readonly type: "ticket.created";
    readonly at: string;
    readonly data: {
      ticket: {
        id: string;
        number: number;
        subject: string;
        status: "open" | "pending" | "solved" | "closed";
        priority: "low" | "normal" | "high" | "urgent";
        requester: {
          id: string;
          name: string;
        };
        assignee: {
          id: string;
          name: string;
        } | null;
        createdAt: string;
        updatedAt: string;
        version: number;
        /** Its service level (docs/sla.md); null when no policy applies. */
        sla: {
          policy: {
            id: string | null;
            name: string;
          };
          firstResponseDueAt: string | null;
          nextResponseDueAt: string | null;
          resolutionDueAt: string | null;
          breached: ("firstResponse" | "nextResponse" | "resolution")[];
        } | null;
      };
    };
  }) => void;
  "ticket.updated": (event: {
    readonly id: string;
    readonly orgId: string;
    readonly type: "ticket.updated";
    readonly at: string;
    readonly data: {
      ticket: {
        id: string;
        number: number;
        subject: string;
        status: "open" | "pending" | "solved" | "closed";
        priority: "low" | "normal" | "high" | "urgent";
        requester: {
          id: string;
          name: string;
        };
        assignee: {
          id: string;
          name: string;
        } | null;
        createdAt: string;
        updatedAt: string;
        version: number;
        /** Its service level (docs/sla.md); null when no policy applies. */
        sla: {
          policy: {
            id: string | null;
            name: string;
          };
          firstResponseDueAt: string | null;
          nextResponseDueAt: string | null;
          resolutionDueAt: string | null;
          breached: ("firstResponse" | "nextResponse" | "resolution")[];
        } | null;
      };
      changes: string[];
    };
  }) => void;
  "ticket.deleted": (event: {
    readonly id: string;
    readonly orgId: string;
    readonly type: "ticket.deleted";
    readonly at: string;
    readonly data: {
      ticketId: string;
      number: number;
      requesterId: string;
    };
  }) => void;
  "message.created": (event: {
    readonly id: string;
    readonly orgId: string;
    readonly type: "message.created";
    readonly at: string;
    readonly data: {
      message: {
        id: string;
        ticketId: string;
        author: {
          id: string;
          name: string;
        };
        body: string;
        internal: boolean;
        createdAt: string;
        bodyTruncated?: true;
      };
      ticketNumber: number;
      requesterId: string;
      /**
       * Whether the message is a public reply (public-reply.ts), decided where it was recorded.
       * Optional: an event the release before recorded has none, and is read by the same rule.
       */
      publicReply?: boolean;
    };
  }) => void;
  "attachment.ready": (event: {
    readonly id: string;
    readonly orgId: string;
    readonly type: "attachment.ready";
    readonly at: string;
    readonly data: {
      ticketId: string;
      requesterId: string;
      attachment: {
        id: string;
        filename: string;
        contentType: string;
        size: number;
        hasThumbnail: boolean;
      };
    };
  }) => void;
  "export.ready": (event: {
    readonly id: string;
    readonly orgId: string;
    readonly type: "export.ready";
    readonly at: string;
    readonly data: {
      exportId: string;
      requestedBy: string | null;
      lines: number;
      bytes: number;
    };
  }) => void;
  "sla.warning": (event: {
    readonly id: string;
    readonly orgId: string;
    readonly type: "sla.warning";
    readonly at: string;
    readonly data: {
      ticket: {
        id: string;
        number: number;
        subject: string;
      };
      target: "firstResponse" | "nextResponse" | "resolution";
      /** The next-response clock's message (its id); empty for the other targets. */
      cycle: string;
      dueAt: string;
      policy: {
        id: string | null;
        name: string;
      };
      assigneeId: string | null;
    };
  }) => void;
  "sla.breached": (event: {
    readonly id: string;
    readonly orgId: string;
    readonly type: "sla.breached";
    readonly at: string;
    readonly data: {
      ticket: {
        id: string;
        number: number;
        subject: string;
      };
      target: "firstResponse" | "nextResponse" | "resolution";
      /** The next-response clock's message (its id); empty for the other targets. */
      cycle: string;
      dueAt: string;
      policy: {
        id: string | null;
        name: string;
      };
      assigneeId: string | null;
    };
  }) => void;
  "notification.created": (message: {
    id: string;
    orgId: string;
    kind: "assigned" | "reply" | "sla_warning" | "sla_breached";
    ticket: {
      id: string;
      number: number;
      subject: string;
    };
    messageId: string | null;
    actor: {
      id: string;
      name: string;
    } | null;
    read: boolean;
    createdAt: string;
  }) => void;
  "presence.updated": (event: {
    readonly id: null;
    readonly orgId: string;
    readonly type: "presence.updated";
    readonly at: string;
    readonly data: {
      ticketId: string;
      viewers: {
        userId: string;
        name: string;
      }[];
    };
  }) => void;
  typing: (event: {
    readonly id: null;
    readonly orgId: string;
    readonly type: "typing";
    readonly at: string;
    readonly data: {
      ticketId: string;
      user: {
        id: string;
        name: string;
      };
    };
  }) => void;
  /** The user's membership of a subscribed organization was revoked. */
  "subscription.ended": (info: {
    orgId: string;
  }) => void;
  /**
   * A subscribed organization's events may have been missed and cannot be replayed (its stream
   * was lost with Valkey's data while this instance was cut off from it): refetch, as for
   * `resync: true`; events after `lastEventId` follow.
   */
  "subscription.resync": (info: {
    orgId: string;
    lastEventId: string;
  }) => void;
};
