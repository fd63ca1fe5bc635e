import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { addressSet, classifyAddress, parseNetworks } from './address';
import { registrationProblem } from './guard';

/**
 * Property tests of the SSRF classifier over address spellings. The forbidden ranges are written
 * out here on their own (IANA's special-purpose registries, RFC 6890 and its updates, and the
 * IPv6 forms that embed an IPv4 address), as numbers: the classifier must agree with this list
 * for any address, however it is written — as a resolver answers it, or as a URL's host, which
 * WHATWG URL parsing normalizes before the guard judges it.
 */

const SEED = 20261128;
const RUNS = { seed: SEED, numRuns: 400 };

const FORBIDDEN_V4: readonly (readonly [number, number])[] = [
  [0x00000000, 8], // 0.0.0.0/8 this network
  [0x0a000000, 8], // 10/8 private
  [0x64400000, 10], // 100.64/10 CGNAT
  [0x7f000000, 8], // 127/8 loopback
  [0xa9fe0000, 16], // 169.254/16 link-local, cloud metadata
  [0xac100000, 12], // 172.16/12 private
  [0xc0000000, 24], // 192.0.0/24 IETF protocol assignments
  [0xc0000200, 24], // 192.0.2/24 TEST-NET-1
  [0xc0586300, 24], // 192.88.99/24 6to4 relay anycast
  [0xc0a80000, 16], // 192.168/16 private
  [0xc6120000, 15], // 198.18/15 benchmarking
  [0xc6336400, 24], // 198.51.100/24 TEST-NET-2
  [0xcb007100, 24], // 203.0.113/24 TEST-NET-3
  [0xe0000000, 4], // 224/4 multicast
  [0xf0000000, 4], // 240/4 reserved, 255.255.255.255 broadcast
];

/** An IPv6 network from its leading groups (the rest zero) and its prefix length. */
const v6net = (groups: readonly number[], bits: number): readonly [bigint, number] => [
  groups.reduce((value, g, i) => value | (BigInt(g) << BigInt(112 - 16 * i)), 0n),
  bits,
];

const FORBIDDEN_V6: readonly (readonly [bigint, number])[] = [
  v6net([], 96), // ::/96 IPv4-compatible, :: and ::1 with it
  v6net([0, 0, 0, 0, 0xffff, 0], 96), // ::ffff:0:0:0/96 IPv4-translated
  v6net([0x64, 0xff9b], 96), // NAT64
  v6net([0x64, 0xff9b, 1], 48), // NAT64, local use
  v6net([0x100], 64), // discard
  v6net([0x2001], 23), // IETF protocol assignments: Teredo 2001::/32 among them
  v6net([0x2001, 0xdb8], 32), // documentation
  v6net([0x2002], 16), // 6to4
  v6net([0x3fff], 20), // documentation
  v6net([0x5f00], 16), // segment routing
];

/** Global unicast, 2000::/3: the only IPv6 space a request may reach (less the list above). */
const GLOBAL_UNICAST = v6net([0x2000], 3);
const MAPPED = 0xffffn << 32n;

const inNet = (value: bigint, [base, bits]: readonly [bigint, number], width = 128) =>
  value >> BigInt(width - bits) === base >> BigInt(width - bits);
const forbiddenV4 = (v: number) =>
  FORBIDDEN_V4.some(([base, bits]) => inNet(BigInt(v), [BigInt(base), bits], 32));

/** What the list says of a 128-bit address (an IPv4 address as its IPv4-mapped form). */
function forbidden(value: bigint): boolean {
  if (value >> 32n === 0xffffn) return forbiddenV4(Number(value & 0xffffffffn));
  return !inNet(value, GLOBAL_UNICAST) || FORBIDDEN_V6.some((n) => inNet(value, n));
}

/** An address in `[base, bits]`, of a given width, from random host bits. */
const inside = (base: bigint, bits: number, width: number) =>
  fc
    .bigInt({ min: 0n, max: (1n << BigInt(width - bits)) - 1n })
    .map((host) => ((base >> BigInt(width - bits)) << BigInt(width - bits)) | host);

const anyV4 = fc.bigInt({ min: 0n, max: 0xffffffffn }).map(Number);
const forbiddenV4Address = fc
  .constantFrom(...FORBIDDEN_V4)
  .chain(([base, bits]) => inside(BigInt(base), bits, 32).map(Number));
const publicV4 = anyV4.filter((v) => !forbiddenV4(v));

const dotted = (v: number) => [24, 16, 8, 0].map((s) => (v >>> s) & 0xff).join('.');

/** Every IPv6 form that carries an IPv4 address, as a 128-bit number. */
const EMBEDDINGS = {
  mapped: (v: bigint) => MAPPED | v,
  compatible: (v: bigint) => v,
  translated: (v: bigint) => (0xffffn << 48n) | v,
  nat64: (v: bigint) => (0x64ff9bn << 96n) | v,
  // RFC 6052 §2.2, a /48 prefix: 16 bits of the IPv4 address, the zero `u` octet, 16 more.
  nat64Local: (v: bigint) => (0x64ff9b0001n << 80n) | ((v >> 16n) << 64n) | ((v & 0xffffn) << 40n),
  sixToFour: (v: bigint, random: bigint) => (0x2002n << 112n) | (v << 80n) | (random >> 48n),
  // RFC 4380: server address, flags, port, then the client's address with every bit flipped.
  teredo: (v: bigint, random: bigint) =>
    (0x20010000n << 96n) | ((random & ((1n << 64n) - 1n)) << 32n) | (v ^ 0xffffffffn),
} as const;

const embedding = fc.constantFrom(...(Object.keys(EMBEDDINGS) as (keyof typeof EMBEDDINGS)[]));
const random80 = fc.bigInt({ min: 0n, max: (1n << 80n) - 1n });

/** How an IPv6 address is written: which zero run `::` replaces, case, padding, a dotted tail. */
const spelling6 = fc.record({
  dottedTail: fc.boolean(),
  run: fc.tuple(fc.nat(7), fc.integer({ min: 1, max: 8 })),
  compress: fc.boolean(),
  pad: fc.array(fc.nat(3), { minLength: 8, maxLength: 8 }),
  upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  bracketed: fc.boolean(),
});

type Spelling<A> = A extends fc.Arbitrary<infer T> ? T : never;

function spell6(value: bigint, s: Spelling<typeof spelling6>) {
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((value >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  const hexCount = s.dottedTail ? 6 : 8;
  const text = groups.slice(0, hexCount).map((g, i) => {
    const hex = g.toString(16).padStart(Math.max(g.toString(16).length, (s.pad[i] ?? 0) + 1), '0');
    return s.upper[i] ? hex.toUpperCase() : hex;
  });
  const tail = s.dottedTail ? [dotted(Number(value & 0xffffffffn))] : [];
  const [start, length] = s.run;
  const end = Math.min(start + length, hexCount);
  const zeros = start < hexCount && groups.slice(start, end).every((g) => g === 0);
  const written =
    s.compress && zeros
      ? `${text.slice(0, start).join(':')}::${[...text.slice(end), ...tail].join(':')}`
      : [...text, ...tail].join(':');
  return s.bracketed ? `[${written}]` : written;
}

/** How a URL may write an IPv4 host (WHATWG): 1–4 parts, each decimal, octal or hex. */
const spelling4 = fc.record({
  parts: fc.integer({ min: 1, max: 4 }),
  radix: fc.array(fc.constantFrom('dec', 'oct', 'hex', 'HEX'), { minLength: 4, maxLength: 4 }),
  zeros: fc.array(fc.nat(3), { minLength: 4, maxLength: 4 }),
  trailingDot: fc.boolean(),
});

function spell4(v: number, s: Spelling<typeof spelling4>) {
  const bytes = [24, 16, 8, 0].map((shift) => (v >>> shift) & 0xff);
  const values = [...bytes.slice(0, s.parts - 1), v % 2 ** (8 * (5 - s.parts))];
  const text = values.map((n, i) => {
    const lead = '0'.repeat(s.zeros[i] ?? 0);
    switch (s.radix[i]) {
      case 'oct':
        return `0${lead}${n.toString(8)}`;
      case 'hex':
        return `0x${lead}${n.toString(16)}`;
      case 'HEX':
        return `0X${lead}${n.toString(16).toUpperCase()}`;
      default:
        return String(n);
    }
  });
  return `${text.join('.')}${s.trailingDot ? '.' : ''}`;
}

const NOBODY = addressSet([]);
const verdict = (address: string, own = NOBODY, allowed: string[] = []) =>
  classifyAddress(address, parseNetworks(allowed), own);
const registration = (url: string, own = NOBODY) =>
  registrationProblem(url, { allowedNetworks: [], allowedPorts: [], ownAddresses: () => own });

describe('every spelling of a forbidden address is refused', () => {
  test('a forbidden IPv4 address, as a resolver writes it and as a URL may', () => {
    fc.assert(
      fc.property(forbiddenV4Address, spelling4, (v, s) => {
        expect(verdict(dotted(v)).allowed).toBe(false);
        const url = `http://${spell4(v, s)}/`;
        // WHATWG normalizes the host to the dotted address, which is what the guard judges.
        expect(new URL(url).hostname).toBe(dotted(v));
        expect(registration(url)).toStartWith('refused: ');
      }),
      RUNS,
    );
  });

  test('every IPv6 embedding of a forbidden IPv4 address, in any spelling', () => {
    fc.assert(
      fc.property(forbiddenV4Address, embedding, random80, spelling6, (v, form, random, s) => {
        const value = EMBEDDINGS[form](BigInt(v), random);
        const text = spell6(value, s);
        const judged = verdict(text);
        expect({ text, form, allowed: judged.allowed }).toEqual({ text, form, allowed: false });
        // Bun's URL parser rejects a few valid spellings (`::0:0:0:ffff:1.2.3.4`): not a URL.
        const url = `http://[${text.replace(/^\[|\]$/g, '')}]:8080/`;
        expect({ url, problem: registration(url) }).toEqual({
          url,
          problem: expect.stringMatching(/^(refused: |not a URL$)/),
        });
      }),
      RUNS,
    );
  });

  test('the embeddings other than IPv4-mapped are refused whole, a public IPv4 address inside too', () => {
    const unmapped = embedding.filter((form) => form !== 'mapped');
    fc.assert(
      fc.property(publicV4, unmapped, random80, spelling6, (v, form, random, s) => {
        const text = spell6(EMBEDDINGS[form](BigInt(v), random), s);
        expect({ text, allowed: verdict(text).allowed }).toEqual({ text, allowed: false });
      }),
      RUNS,
    );
  });

  test('an address in or near a forbidden IPv6 range: refused exactly when the list says so', () => {
    const edges = fc.constantFrom(...FORBIDDEN_V6, GLOBAL_UNICAST).chain(([base, bits]) => {
      const size = 1n << BigInt(128 - bits);
      return fc.oneof(
        inside(base, bits, 128),
        fc.constantFrom(base, base + size - 1n, base - 1n, base + size),
      );
    });
    const anyV6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
    fc.assert(
      fc.property(fc.oneof(edges, anyV6), spelling6, (raw, s) => {
        const value = raw & ((1n << 128n) - 1n);
        const text = spell6(value, s);
        const expected = forbidden(value);
        expect({ text, allowed: verdict(text).allowed }).toEqual({ text, allowed: !expected });
      }),
      RUNS,
    );
  });
});

describe('public addresses pass', () => {
  test('a public IPv4 address, dotted, IPv4-mapped, or as a URL spells it', () => {
    fc.assert(
      fc.property(publicV4, spelling6, spelling4, (v, s6, s4) => {
        expect(verdict(dotted(v))).toEqual({ allowed: true, allowListed: false });
        const mapped = spell6(EMBEDDINGS.mapped(BigInt(v)), s6);
        expect({ mapped, judged: verdict(mapped) }).toEqual({
          mapped,
          judged: { allowed: true, allowListed: false },
        });
        expect(registration(`http://${spell4(v, s4)}/hook`)).toBeNull();
      }),
      RUNS,
    );
  });

  test('a global unicast IPv6 address outside the special ranges', () => {
    const publicV6 = inside(GLOBAL_UNICAST[0], GLOBAL_UNICAST[1], 128).filter((v) => !forbidden(v));
    fc.assert(
      fc.property(publicV6, spelling6, (value, s) => {
        const text = spell6(value, s);
        expect({ text, judged: verdict(text) }).toEqual({
          text,
          judged: { allowed: true, allowListed: false },
        });
      }),
      RUNS,
    );
  });
});

describe("this host's own addresses", () => {
  test('are refused in every spelling, unless the operator allows their network', () => {
    fc.assert(
      fc.property(publicV4, spelling6, (v, s) => {
        const own = addressSet([dotted(v)]);
        const mapped = spell6(EMBEDDINGS.mapped(BigInt(v)), s);
        for (const text of [dotted(v), mapped]) {
          const judged = verdict(text, own);
          expect(judged.allowed).toBe(false);
          expect(!judged.allowed && judged.reason).toContain("this host's own");
          expect(verdict(text, own, [`${dotted(v)}/32`])).toEqual({
            allowed: true,
            allowListed: true,
          });
        }
        expect(registration(`http://${dotted(v)}/`, own)).toContain("this host's own");
      }),
      RUNS,
    );
  });
});
