import * as fs from 'fs';
import * as path from 'path';
import { toDot } from '../../lib/map/dot';
import { buildGraph } from '../../lib/map/graph';
import { LAYOUT_CACHE, inputHash, layoutAll, reusableMap } from '../../lib/map/layout';
import { baseline } from '../checks/fixtures';
import { tempDir } from '../helpers';

/** A DOT text no earlier run has laid out, so that the cache cannot answer. */
function freshDot(): string {
  return toDot(buildGraph(baseline()), `layout test ${process.pid} ${process.hrtime.bigint()}`);
}

describe('layoutAll', () => {
  it('lays the same input out byte for byte the same', () => {
    const dot = freshDot();
    const [first] = layoutAll([dot], { reuse: false });
    const [second] = layoutAll([dot], { reuse: false });
    expect(second).toBe(first);
  });

  it('stamps the SVG with the hash of its input and of itself', () => {
    const dot = freshDot();
    const [svg] = layoutAll([dot], { reuse: false });
    expect(svg.split('\n')[1]).toMatch(
      new RegExp(`^<!-- k8s-course map: input sha256 ${inputHash(dot)}, svg sha256 [0-9a-f]{64} -->$`),
    );
    expect(reusableMap(svg, inputHash(dot))).toBe(true);
    expect(reusableMap(svg, inputHash(`${dot} `))).toBe(false);
  });

  it('reuses a layout of the same input from the cache, and keeps a new one there', () => {
    const dot = freshDot();
    const laidOut: number[] = [];
    const [first] = layoutAll([dot], { onLayout: ({ seconds }) => laidOut.push(seconds) });
    expect(laidOut).toHaveLength(1);
    expect(fs.readFileSync(path.join(LAYOUT_CACHE, `${inputHash(dot)}.svg`), 'utf8')).toBe(first);
    expect(layoutAll([dot], { onLayout: ({ seconds }) => laidOut.push(seconds) })).toEqual([first]);
    expect(laidOut).toHaveLength(1);
    fs.rmSync(path.join(LAYOUT_CACHE, `${inputHash(dot)}.svg`));
  });

  it('reuses a map a synthesis wrote before, but not one edited by hand', () => {
    const dot = freshDot();
    const [svg] = layoutAll([dot], { reuse: false });
    const file = path.join(tempDir(), 'map.svg');
    fs.writeFileSync(file, svg);
    const laidOut: number[] = [];
    const onLayout = ({ seconds }: { seconds: number }) => laidOut.push(seconds);
    expect(layoutAll([dot], { candidates: () => [file], onLayout })).toEqual([svg]);
    expect(laidOut).toHaveLength(0);
    fs.writeFileSync(file, svg.replace('fill="#dff3df"', 'fill="#ff0000"'));
    expect(reusableMap(fs.readFileSync(file, 'utf8'), inputHash(dot))).toBe(false);
    expect(layoutAll([dot], { candidates: () => [file], onLayout })).toEqual([svg]);
    expect(laidOut).toHaveLength(1);
    fs.rmSync(path.join(LAYOUT_CACHE, `${inputHash(dot)}.svg`));
  });
});
