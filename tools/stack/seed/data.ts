import type { Role } from '@insightdesk/shared/tenancy';

/**
 * `./stack seed`: a small, realistic data set for a newcomer to look at — two organizations,
 * a person of each role in each, and the example product's data: tickets with public replies,
 * internal notes and an image (through the public API, as a client would: a product of your own
 * replaces the tickets with its own data).
 * Everything is identified by what a person sees (emails, organization names, subjects, message
 * bodies), so a second run finds it and adds nothing.
 */

/** One password for every seeded account (a local demo's), printed with the accounts. */
export const SEED_PASSWORD = 'correct horse battery staple';

export type { Role };

export interface SeedPerson {
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
}

export interface SeedMessage {
  readonly by: string;
  readonly body: string;
  readonly internal?: boolean;
}

export interface SeedTicket {
  readonly subject: string;
  /** The person who opens it (its requester). */
  readonly by: string;
  readonly body: string;
  readonly priority: 'low' | 'normal' | 'high' | 'urgent';
  readonly status: 'open' | 'pending' | 'solved' | 'closed';
  readonly assignee?: string;
  readonly messages: readonly SeedMessage[];
  /** A file in this folder, attached by the requester. */
  readonly image?: string;
}

export interface SeedOrganization {
  readonly name: string;
  readonly people: readonly SeedPerson[];
  readonly tickets: readonly SeedTicket[];
}

export const SEED: readonly SeedOrganization[] = [
  {
    name: 'Acme Robotics',
    people: [
      { key: 'olivia', name: 'Olivia Ortega', email: 'olivia@acme.example', role: 'owner' },
      { key: 'arjun', name: 'Arjun Patel', email: 'arjun@acme.example', role: 'admin' },
      { key: 'grace', name: 'Grace Kim', email: 'grace@acme.example', role: 'agent' },
      { key: 'ravi', name: 'Ravi Shah', email: 'ravi@acme.example', role: 'requester' },
    ],
    tickets: [
      {
        subject: 'Robot arm stops mid-cycle on line 3',
        by: 'ravi',
        body: 'Since this morning the arm on line 3 halts about every 40 cycles with fault E-214. The torque graph from the controller is attached.',
        priority: 'high',
        status: 'pending',
        assignee: 'grace',
        image: 'servo-torque.png',
        messages: [
          {
            by: 'grace',
            body: 'Thanks Ravi. The spike in your graph is on axis 3: which controller firmware does the arm run? It is on the status page of the teach pendant.',
          },
          {
            by: 'grace',
            body: 'Looks like the axis-3 servo bug fixed in firmware 4.2.1. Asked engineering for the update package.',
            internal: true,
          },
          { by: 'ravi', body: 'The pendant says 4.1.9.' },
        ],
      },
      {
        subject: 'Invoice 2026-118 shows the wrong VAT number',
        by: 'ravi',
        body: 'Our VAT number is FR 40 303 265 045, the invoice has an older one. Finance cannot book it like this.',
        priority: 'normal',
        status: 'solved',
        assignee: 'grace',
        messages: [
          {
            by: 'grace',
            body: 'Sorry about that, Ravi: the corrected invoice is in your account under Billing.',
          },
        ],
      },
      {
        subject: 'Set up single sign-on for the Lyon plant',
        by: 'arjun',
        body: 'The Lyon plant moves to the group identity provider on the 1st. Their 40 operators need SSO before then.',
        priority: 'urgent',
        status: 'open',
        assignee: 'grace',
        messages: [
          {
            by: 'arjun',
            body: 'Metadata URL from Lyon IT is in the shared drive, folder SSO/Lyon.',
            internal: true,
          },
        ],
      },
    ],
  },
  {
    name: 'Globex Logistics',
    people: [
      { key: 'hank', name: 'Hank Scorpio', email: 'hank@globex.example', role: 'owner' },
      { key: 'marta', name: 'Marta Silva', email: 'marta@globex.example', role: 'admin' },
      { key: 'tomas', name: 'Tomás Díaz', email: 'tomas@globex.example', role: 'agent' },
      { key: 'lena', name: 'Lena Fischer', email: 'lena@globex.example', role: 'requester' },
    ],
    tickets: [
      {
        subject: 'Tracking page shows parcels as delivered too early',
        by: 'lena',
        body: 'Three of our customers saw "delivered" on the tracking page while the parcel was still at the depot.',
        priority: 'high',
        status: 'open',
        assignee: 'tomas',
        messages: [
          {
            by: 'tomas',
            body: 'Could you send the tracking numbers? I will follow them through the scans.',
          },
          { by: 'lena', body: 'GX-88120-3, GX-88121-7 and GX-88305-1.' },
        ],
      },
      {
        subject: 'Add a second warehouse address',
        by: 'lena',
        body: 'We open a warehouse in Bremen next month: can pick-ups be booked from both addresses?',
        priority: 'low',
        status: 'open',
        messages: [],
      },
    ],
  },
];
