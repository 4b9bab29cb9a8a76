import { chartSvg, pointsFromTable } from '../../bench/chart';

const TABLE = [
  '| tool | N | runs | median s | min–max s | peak MB | objects | time / ours |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  '| example: npm run synth (node scripts/synth.js) | example | 5 | 0.23 | 0.18–0.30 | 85 | 184 | 1.00 |',
  '| ours (precompiled) | 10 | 5 | 0.21 | 0.19–0.22 | 72 | 101 | 1.00 |',
  '| helm template | 10 | 5 | 0.08 | 0.07–0.09 | 77 | 50 | 0.39 |',
  '| ours (precompiled) | 1000 | 5 | 1.99 | 1.38–2.29 | 159 | 10001 | 1.00 |',
  '| kubectl kustomize | 1000 | 0 | failed | – | – | – | n/a |',
].join('\n');

describe('bench chart', () => {
  it('reads the measured rows of a results table, leaving out the example and failed rows', () => {
    expect(pointsFromTable(TABLE)).toEqual([
      { tool: 'ours (precompiled)', n: 10, seconds: 0.21 },
      { tool: 'helm template', n: 10, seconds: 0.08 },
      { tool: 'ours (precompiled)', n: 1000, seconds: 1.99 },
    ]);
  });

  it('draws one line per tool on log-log axes, with a legend', () => {
    const svg = chartSvg(pointsFromTable(TABLE), 'title & more');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('>ours (precompiled)</text>');
    expect(svg).toContain('>title &amp; more</text>');
    // Time axis in decades from 0.01 s to 10 s; N axis at the measured Ns.
    expect(svg).toContain('>0.01 s</text>');
    expect(svg).toContain('>10 s</text>');
    expect(svg).toContain('>1000</text>');
  });
});
