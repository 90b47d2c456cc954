/**
 * The settings schema (server/src/protocol/settings.ts) against what package.json
 * contributes (`contributes.configuration.properties`), and readSettings.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, SECTION, SETTINGS_SCHEMA, readSettings } from '../../server/src/protocol/settings';
import { repoRoot } from '../helpers/corpus';

interface Contributed {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  anyOf?: Array<{ type?: string; enum?: unknown[]; minimum?: number; maximum?: number }>;
  items?: { type?: string };
  additionalProperties?: { type?: string; enum?: unknown[] };
}

type SchemaLeaf = { type: string; default: unknown; enum?: readonly string[] };

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Contributed> } };
};
const properties = pkg.contributes.configuration.properties;
const schema = Object.entries(SETTINGS_SCHEMA) as Array<[string, SchemaLeaf]>;

/** The defaults as nested objects, straight from the schema. */
function schemaDefaults(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of schema) {
    const path = key.split('.');
    let target = out;
    for (const p of path.slice(0, -1)) target = (target[p] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]] = spec.default;
  }
  return out;
}

/** The defaults with some values replaced (deep, by dotted key). */
function defaultsWith(values: Record<string, unknown>): Record<string, unknown> {
  const out = schemaDefaults();
  for (const [key, v] of Object.entries(values)) {
    assert.ok(key in SETTINGS_SCHEMA, key);
    const path = key.split('.');
    let target = out;
    for (const p of path.slice(0, -1)) target = target[p] as Record<string, unknown>;
    target[path[path.length - 1]] = v;
  }
  return out;
}

/** A value by its dotted key. */
function at(settings: object, key: string): unknown {
  return key.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown>)[p], settings);
}

describe('settings: package.json against SETTINGS_SCHEMA', () => {
  it('declares exactly the schema keys, under dockerfileLens.', () => {
    assert.equal(SECTION, 'dockerfileLens');
    assert.deepEqual(Object.keys(properties).sort(), schema.map(([k]) => `dockerfileLens.${k}`).sort());
  });

  for (const [key, spec] of schema) {
    const name = `dockerfileLens.${key}`;
    it(`${name}: same default, enum and type`, () => {
      const p = properties[name];
      assert.ok(p, `${name} is missing from package.json`);
      assert.deepEqual(p.default, spec.default, `${name}: default`);
      // the same enum when the schema has one (and none in package.json when it has none)
      assert.deepEqual(p.enum, spec.enum === undefined ? undefined : [...spec.enum], `${name}: enum`);
      switch (spec.type) {
        case 'string':
        case 'boolean':
        case 'object':
        case 'array':
          assert.equal(p.type, spec.type, `${name}: type`);
          assert.equal(p.anyOf, undefined, `${name}: anyOf`);
          break;
        case 'integer-or-keep': {
          assert.equal(p.type, undefined, `${name}: an integer or "keep" has no single type`);
          assert.ok(Array.isArray(p.anyOf) && p.anyOf.length === 2, `${name}: anyOf of two`);
          const int = p.anyOf.find((a) => a.type === 'integer');
          const keep = p.anyOf.find((a) => a.type === 'string');
          assert.ok(int, `${name}: anyOf has an integer`);
          assert.deepEqual(keep?.enum, ['keep'], `${name}: anyOf has the string "keep"`);
          // readSettings clamps the integer to the range package.json declares
          if (int.minimum !== undefined) assert.equal(at(readSettings(defaultsWith({ [key]: int.minimum - 5 })), key), int.minimum);
          if (int.maximum !== undefined) assert.equal(at(readSettings(defaultsWith({ [key]: int.maximum + 5 })), key), int.maximum);
          break;
        }
        default:
          assert.fail(`${name}: unknown schema type ${spec.type}`);
      }
    });
  }

  it('dockerfileLens.rules: readSettings keeps exactly the severities package.json offers', () => {
    const severities = properties['dockerfileLens.rules'].additionalProperties?.enum as string[];
    assert.ok(severities?.length);
    const rules = Object.fromEntries(severities.map((s, i) => [`Rule${i}`, s]));
    assert.deepEqual(readSettings({ rules: { ...rules, Other: 'fatal' } }).rules, rules);
  });

  it('array and object settings declare string items, as readSettings keeps', () => {
    assert.equal(properties['dockerfileLens.build.extraArgs'].items?.type, 'string');
    assert.equal(properties['dockerfileLens.docker.env'].additionalProperties?.type, 'string');
  });
});

describe('settings: readSettings', () => {
  it('undefined (and null, and not an object) gives the defaults', () => {
    const defaults = schemaDefaults();
    assert.deepEqual(readSettings(undefined), defaults);
    assert.deepEqual(readSettings(null), defaults);
    assert.deepEqual(readSettings('dockerfileLens'), defaults);
    assert.deepEqual(readSettings({}), defaults);
    assert.deepEqual(DEFAULT_SETTINGS, defaults);
  });

  it('fills a partial object with the defaults for the rest', () => {
    assert.deepEqual(readSettings({ format: { keywordCase: 'preserve' } }), defaultsWith({ 'format.keywordCase': 'preserve' }));
    assert.deepEqual(
      readSettings({ language: 'ko', format: { continuationIndent: 'keep' }, docker: { env: { DOCKER_HOST: 'tcp://x:2375' } }, build: { extraArgs: ['--pull'] } }),
      defaultsWith({ language: 'ko', 'format.continuationIndent': 'keep', 'docker.env': { DOCKER_HOST: 'tcp://x:2375' }, 'build.extraArgs': ['--pull'] }),
    );
  });

  it('drops values of the wrong type (the default stands in)', () => {
    assert.deepEqual(
      readSettings({
        language: 42,
        trace: { server: 'loud' },
        rules: ['UndefinedVar'],
        inlayHints: { variableValues: 'no', implicitLatest: 0 },
        format: { keywordCase: 'lower', continuationIndent: 'tab', normalizeSpacing: null, trimTrailingWhitespace: 'false', insertFinalNewline: 1 },
        docker: { path: 7, env: 'A=1' },
        build: { context: false, extraArgs: '--pull' },
        registry: { enabled: 'yes' },
        codeLens: 'off',
        downloads: { headRequests: [] },
      }),
      schemaDefaults(),
    );
    // inside an object or array setting, only the entries of the wrong type go
    assert.deepEqual(
      readSettings({ rules: { UndefinedVar: 'error', UnknownFlag: 3, JSONArgsRecommended: 'loud' }, docker: { env: { A: 'x', B: 1 } }, build: { extraArgs: ['--pull', 2] } }),
      defaultsWith({ rules: { UndefinedVar: 'error' }, 'docker.env': { A: 'x' }, 'build.extraArgs': ['--pull'] }),
    );
  });
});
