import type { z } from 'zod';

/**
 * How events are declared: each type once, with the zod schema of its data and how it is
 * delivered. Each concern of the platform declares its own (named by its module:
 * platform/modules.ts); a product declares its own the same way, and each service merges them at
 * its composition root (`deploymentCatalog`), so that the event types a service knows are the
 * platform's and its product's.
 */

/**
 * Who may receive an organization's event: the members whose role sees the whole organization
 * (the product declares which: tenancy/roles.ts), always; the `members` it names too, whatever
 * their role (e.g. whoever a record is about).
 */
export interface Audience {
  readonly members?: readonly string[];
}

/** The members whose role sees the whole organization, and no one else. */
export const WHOLE_ORGANIZATION: Audience = {};

/**
 * What `clientData` reads its bounds from: the configuration of the product that declares the
 * event (its groups, loaded: `ProductConfig<C>`), which the declaration names as its own type.
 */
// biome-ignore lint/suspicious/noExplicitAny: each product's own configuration type
export type DeclaringProductConfig = any;

/**
 * Kept in the organization's stream (resumable with `since`) and handed to the subscribers the
 * audience admits, as the envelope `{id, orgId, type, at, data}`.
 */
export interface OrganizationStreamEvent<S extends z.ZodType = z.ZodType> {
  readonly data: S;
  /** Who receives it, in words (the docs' event catalogue is generated from the declarations). */
  readonly about: string;
  readonly delivery: 'organization stream';
  readonly audience: (data: z.output<S>) => Audience;
  /**
   * What clients get (and the stream keeps) when it is less than the whole: what a client needs
   * to render, never an unbounded body. The result still satisfies the event's schema.
   */
  readonly clientData?: (data: z.output<S>, config: DeclaringProductConfig) => z.output<S>;
}

/** Handed to every socket of one user (no subscription needed), never stored: not resumable. */
export interface UserChannelEvent<S extends z.ZodType = z.ZodType, M = unknown> {
  readonly data: S;
  /** Who receives it, in words. */
  readonly about: string;
  readonly delivery: 'user channel';
  readonly recipient: (data: z.output<S>) => string;
  /** What the user's sockets receive, under the event's type. */
  readonly message: (data: z.output<S>) => M;
}

/** Drives background work only (mail, jobs): no client ever receives it, no audience. */
export interface InternalEvent<S extends z.ZodType = z.ZodType> {
  readonly data: S;
  /** What it sets off, in words. */
  readonly about: string;
  readonly delivery: 'none';
}

export type EventDeclaration =
  // biome-ignore lint/suspicious/noExplicitAny: a declaration of any schema (the data is checked by it)
  OrganizationStreamEvent<any> | UserChannelEvent<any, any> | InternalEvent<any>;
export type EventDelivery = EventDeclaration['delivery'];

/** Declares one event type (the compiler ties the callbacks' data to the schema). */
export function defineEvent<S extends z.ZodType>(
  declaration: OrganizationStreamEvent<S>,
): OrganizationStreamEvent<S>;
export function defineEvent<S extends z.ZodType, M>(
  declaration: UserChannelEvent<S, M>,
): UserChannelEvent<S, M>;
export function defineEvent<S extends z.ZodType>(declaration: InternalEvent<S>): InternalEvent<S>;
export function defineEvent(declaration: EventDeclaration): EventDeclaration {
  return declaration;
}

/** Event types and their declarations: the platform's, a product's, or both merged. */
export type EventCatalog = { readonly [type: string]: EventDeclaration };

export type EventType<C extends EventCatalog> = keyof C & string;
export type EventData<C extends EventCatalog, T extends keyof C> = z.output<C[T]['data']>;

/** The types of a catalogue delivered through the organizations' streams. */
export type StreamEventType<C extends EventCatalog> = {
  [T in keyof C]: C[T] extends { delivery: 'organization stream' } ? T : never;
}[keyof C] &
  string;

/** The types of a catalogue delivered on the users' own channels. */
export type UserEventType<C extends EventCatalog> = {
  [T in keyof C]: C[T] extends { delivery: 'user channel' } ? T : never;
}[keyof C] &
  string;

/** What a user's sockets receive for a user-channel event. */
export type UserEventMessage<C extends EventCatalog, T extends UserEventType<C>> =
  C[T] extends UserChannelEvent<z.ZodType, infer M> ? M : never;

/**
 * Seen through its own data: indexing this with a generic type keeps the data's type tied to the
 * event's (which indexing the catalogue alone does not).
 */
export type Declarations<C extends EventCatalog> = {
  readonly [T in keyof C]: C[T]['delivery'] extends 'organization stream'
    ? OrganizationStreamEvent<z.ZodType<EventData<C, T>>>
    : C[T]['delivery'] extends 'user channel'
      ? UserChannelEvent<z.ZodType<EventData<C, T>>>
      : InternalEvent<z.ZodType<EventData<C, T>>>;
};

/** The catalogue seen through `Declarations`. */
export const declarationsOf = <C extends EventCatalog>(catalog: C): Declarations<C> =>
  catalog as unknown as Declarations<C>;

/** A catalogue's types delivered as `delivery`, in declaration order. */
export function typesDelivered<C extends EventCatalog>(
  catalog: C,
  delivery: EventDelivery,
): EventType<C>[] {
  return Object.keys(catalog).filter((type) => catalog[type]?.delivery === delivery);
}

/** The platform's declarations and a product's as one; a name both declare is refused (one owner each). */
export function mergeDisjoint<A extends object, B extends object>(
  what: string,
  platform: A,
  product: B,
): A & B {
  const twice = Object.keys(product).filter((name) => Object.hasOwn(platform, name));
  if (twice.length > 0) throw new Error(`${what} declared twice: ${twice.join(', ')}`);
  return { ...platform, ...product };
}

/** Two catalogues as one; a type declared by both is refused (one owner per event type). */
export const mergeEventCatalogs = <A extends EventCatalog, B extends EventCatalog>(
  platform: A,
  product: B,
): A & B => mergeDisjoint('event types', platform, product);
