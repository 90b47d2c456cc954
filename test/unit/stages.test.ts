/** Stages and ARG scoping, the first layer of the semantic model. */
import * as assert from 'node:assert/strict';
import { argsInScope, buildStages } from '../../server/src/model/stages';
import { parse } from '../../server/src/parser';
import { realDockerfiles } from '../helpers/corpus';

const text = [
  'ARG BASE=alpine',
  'ARG VERSION=3.20',
  'FROM ${BASE}:${VERSION} AS Build',
  'ARG VERSION',
  'ARG OWN=1',
  'RUN echo $VERSION $OWN',
  'FROM build AS test',
  'RUN echo $VERSION',
  'FROM scratch',
  '',
].join('\n');

describe('stages and ARG scope', () => {
  const model = buildStages(parse(text));
  it('finds the stages, names lower-cased, and stages built FROM stages', () => {
    assert.deepEqual(model.stages.map((s) => [s.index, s.name, s.image]), [[0, 'build', '${BASE}:${VERSION}'], [1, 'test', 'build'], [2, undefined, 'scratch']]);
    assert.equal(model.stages[1].baseStage, model.stages[0]);
  });
  it('a FROM naming a stage through a global ARG is built FROM that stage (BuildKit expands BaseName first)', () => {
    const t = ['ARG B=base', 'ARG C', 'FROM alpine AS Base', 'FROM ${B}', 'FROM ${C:-base} AS c', 'FROM ${C}', 'FROM $B:1', 'FROM ${X:-other}', ''].join('\n');
    const m = buildStages(parse(t));
    const base = m.stages[0];
    assert.equal(m.stages[1].baseStage, base, 'FROM ${B}');
    assert.equal(m.stages[2].baseStage, base, 'FROM ${C:-base}');
    assert.equal(m.stages[3].baseStage, undefined, 'FROM ${C}: C has no default, an empty name is no stage');
    assert.equal(m.stages[4].baseStage, undefined, 'FROM $B:1 is the image base:1');
    assert.equal(m.stages[5].baseStage, undefined, 'an undeclared variable leaves an external image');
    const escaped = buildStages(parse(['# escape=`', 'ARG B=base', 'FROM alpine AS base', 'FROM ${B}', ''].join('\n')));
    assert.equal(escaped.stages[1].baseStage, escaped.stages[0], 'with the backtick escape too');
  });
  it('global ARGs are visible on FROM lines only', () => {
    const onFrom = argsInScope(model, text.indexOf('${BASE}'));
    assert.deepEqual([...onFrom.keys()], ['BASE', 'VERSION']);
    const inTest = argsInScope(model, text.indexOf('RUN echo $VERSION\n'));
    assert.deepEqual([...inTest.keys()], []);
  });
  it('a re-declared ARG inherits the global default', () => {
    const scope = argsInScope(model, text.indexOf('RUN echo $VERSION $OWN'));
    assert.deepEqual([...scope.entries()].map(([k, v]) => [k, v.defaultValue, !!v.global]), [['VERSION', '3.20', true], ['OWN', '1', false]]);
  });
  it('every corpus file has stages covering its instructions after the first FROM', () => {
    for (const [, t] of realDockerfiles()) {
      const ast = parse(t);
      const m = buildStages(ast);
      const firstFrom = ast.instructions.findIndex((i) => i.name === 'FROM');
      const counted = m.stages.reduce((n, s) => n + s.instructions.length, 0);
      assert.equal(counted + m.globalArgs.length > 0, true);
      assert.equal(counted, ast.instructions.length - firstFrom);
    }
  });
});
