import fc from 'fast-check';

/**
 * Request generators derived from the server's own `/openapi.json`: for every operation, values
 * for its path and query parameters and its JSON body, built from each schema (types, patterns,
 * enums, lengths, required keys) so that many requests get past validation into the handlers,
 * mixed with hostile values (NUL, unpaired surrogates, deep nesting, wrong types, huge or
 * prototype-named strings) that the input policy must refuse with a 4xx.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  nullable?: boolean;
};

export interface Operation {
  method: string;
  path: string;
  parameters: Array<{ in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: JsonSchema }>;
  body?: JsonSchema;
}

/** Every operation of an OpenAPI 3 document. */
export function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
  return ops;
}

/** Known-good values by field name, so generated requests reach real rows. */
export type Pools = Record<string, () => string[]>;

const PROTO_NAMES = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Strings that used to reach the database or a lookup unchecked. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '%ED%A0%80', '\uD800', 'x\uDFFFy', '\uDBFF\uDBFF', ' ', '', '%', '%00', '..', '../..', '\\', '\r\n', "'; --", '${x}'),
  fc.constantFrom(...PROTO_NAMES),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 4 }),
  fc.integer({ min: 200, max: 70_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('1e300', '-1', '9007199254740993', 'NaN', 'null', 'true', '[]', '{}'),
);

/** Any JSON, including the deep and wide shapes the policy bounds. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 5, max: 60 }).map((n) => nest(n, 'leaf')),
  fc.integer({ min: 5, max: 60 }).map((n) => nest(n, [])),
  hostileString,
  fc.constantFrom(null, true, 0, -1, 1e308, [], {}),
  fc.dictionary(fc.oneof(hostileString, fc.string()), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
);

function nest(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { k: value };
  return value;
}

/** A value for `schema`: valid most of the time, hostile otherwise. */
export function valueFor(schema: JsonSchema | undefined, name: string, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  const pool = pools[name];
  const valid = validFor(schema, name, pools, depth);
  const known = pool ? fc.nat().map((i) => pick(pool(), i)) : undefined;
  const choices: Array<{ arbitrary: fc.Arbitrary<unknown>; weight: number }> = [
    { arbitrary: valid, weight: 10 },
    { arbitrary: depth === 0 ? hostileJson : hostileString, weight: 1 },
  ];
  if (known) choices.push({ arbitrary: known, weight: 10 });
  return fc.oneof(...choices);
}

function pick(values: string[], i: number): string {
  return values.length ? values[i % values.length]! : 'none';
}

function validFor(schema: JsonSchema | undefined, name: string, pools: Pools, depth: number): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => valueFor(s, name, pools, depth + 1)));
  if (schema.allOf) return validFor(Object.assign({}, ...schema.allOf) as JsonSchema, name, pools, depth);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const base = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string':
        return stringFor(schema);
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(valueFor(schema.items, name, pools, depth + 1), { maxLength: Math.min(schema.maxItems ?? 4, 4) });
      case 'object':
        return objectFor(schema, pools, depth);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function objectFor(schema: JsonSchema, pools: Pools, depth: number): fc.Arbitrary<unknown> {
  const props = schema.properties ?? {};
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(props)) record[key] = valueFor(sub, key, pools, depth + 1);
  const required = (schema.required ?? []).filter((k) => k in props);
  const known = Object.keys(props).length ? fc.record(record, { requiredKeys: required }) : fc.constant({});
  const extra = typeof schema.additionalProperties === 'object'
    ? fc.dictionary(fc.string({ maxLength: 12 }), valueFor(schema.additionalProperties, 'extra', pools, depth + 1), { maxKeys: 3 })
    : fc.dictionary(fc.oneof(fc.constantFrom(...PROTO_NAMES), fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 });
  return fc.oneof(
    { arbitrary: known, weight: 8 },
    { arbitrary: fc.tuple(known, extra).map(([a, b]) => ({ ...(b as object), ...(a as object) })), weight: 2 },
  );
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const length = { minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 300) };
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? Infinity) && s.length >= (schema.minLength ?? 0));
    } catch {
      // A pattern fast-check cannot generate from: plain strings, which the schema mostly refuses.
    }
  }
  return fc.string({ ...length, unit: 'grapheme' });
}
