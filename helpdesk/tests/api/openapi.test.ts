import { describe, expect, test } from 'bun:test';
import { call } from '../../../tests/support/http';

// The help desk's part of the API document (the platform's own: tests/api/docs.test.ts and
// openapi-lint.test.ts, run against the fixture product).
describe("the help desk's operations in /api/openapi.json", () => {
  test('its paths, schemas and stable operation ids are documented', async () => {
    const doc = (await call('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/orgs/{orgId}/tickets',
        '/v1/orgs/{orgId}/tickets/{ticketId}',
        '/v1/orgs/{orgId}/tickets/{ticketId}/messages',
        '/v1/orgs/{orgId}/analytics/summary',
      ]),
    );
    expect(doc.components.schemas.Ticket.properties.status.enum).toEqual([
      'open',
      'pending',
      'solved',
      'closed',
    ]);
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>)
      .flatMap((ops) => Object.values(ops))
      .map((op) => op.operationId);
    // Stable names clients are generated with.
    expect(ids).toEqual(
      expect.arrayContaining(['listTickets', 'createTicket', 'getTicket', 'updateTicket']),
    );
  });
});
