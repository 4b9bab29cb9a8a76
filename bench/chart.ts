/**
 * Draws bench/results.svg from the table in bench/results.md: median time against N, both axes logarithmic, one line
 * per tool. `npm run bench` calls it after writing the table; `npx tsx bench/chart.ts` redraws it from the file.
 */
import * as fs from 'fs';
import * as path from 'path';

/** One row of the results table that has a numeric N and a median. */
export interface ChartPoint {
  readonly tool: string;
  readonly n: number;
  readonly seconds: number;
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { left: 60, right: 250, top: 30, bottom: 45 };
const COLORS = ['#d62728', '#ff9896', '#1f77b4', '#aec7e8', '#2ca02c', '#98df8a', '#9467bd', '#8c564b'];

/** The points of a results.md table (rows whose N is a number and whose median was measured). */
export function pointsFromTable(markdown: string): ChartPoint[] {
  return markdown.split('\n').flatMap((line) => {
    const cells = line.split('|').map((cell) => cell.trim());
    const [, tool, n, , median] = cells;
    return cells.length > 5 && /^\d+$/.test(n ?? '') && /^\d+(\.\d+)?$/.test(median ?? '')
      ? [{ tool, n: Number(n), seconds: Number(median) }]
      : [];
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The powers of ten that span [min, max]. */
function decades(min: number, max: number): number[] {
  const result: number[] = [];
  for (let exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent++) {
    result.push(10 ** exponent);
  }
  return result;
}

/** A log-log line chart of the points as an SVG document. */
export function chartSvg(points: readonly ChartPoint[], title: string): string {
  const tools = [...new Set(points.map((point) => point.tool))];
  const xTicks = [...new Set(points.map((point) => point.n))].sort((a, b) => a - b);
  const yTicks = decades(
    Math.min(...points.map((point) => point.seconds)),
    Math.max(...points.map((point) => point.seconds)),
  );
  const [xMin, xMax] = [Math.log10(xTicks[0]), Math.log10(xTicks[xTicks.length - 1])];
  const [yMin, yMax] = [Math.log10(yTicks[0]), Math.log10(yTicks[yTicks.length - 1])];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (n: number) => MARGIN.left + ((Math.log10(n) - xMin) / (xMax - xMin || 1)) * plotWidth;
  const y = (seconds: number) => MARGIN.top + (1 - (Math.log10(seconds) - yMin) / (yMax - yMin || 1)) * plotHeight;
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="14">${escapeXml(title)}</text>`,
  ];
  for (const tick of yTicks) {
    lines.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${tick} s</text>`,
    );
  }
  for (const tick of xTicks) {
    lines.push(
      `<line x1="${x(tick).toFixed(1)}" x2="${x(tick).toFixed(1)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#ddd"/>`,
      `<text x="${x(tick).toFixed(1)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${tick}</text>`,
    );
  }
  lines.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 8}" text-anchor="middle">N applications (log)</text>`,
  );
  tools.forEach((tool, index) => {
    const color = COLORS[index % COLORS.length];
    const own = points.filter((point) => point.tool === tool).sort((a, b) => a.n - b.n);
    const coordinates = own.map((point) => `${x(point.n).toFixed(1)},${y(point.seconds).toFixed(1)}`);
    const width = tool.startsWith('ours') ? 3 : 1.5;
    lines.push(`<polyline points="${coordinates.join(' ')}" fill="none" stroke="${color}" stroke-width="${width}"/>`);
    for (const coordinate of coordinates) {
      const [cx, cy] = coordinate.split(',');
      lines.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`);
    }
    const legendY = MARGIN.top + 10 + index * 18;
    const legendX = MARGIN.left + plotWidth + 15;
    lines.push(
      `<line x1="${legendX}" x2="${legendX + 20}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="${width}"/>`,
      `<text x="${legendX + 26}" y="${legendY + 4}">${escapeXml(tool)}</text>`,
    );
  });
  lines.push('</svg>', '');
  return lines.join('\n');
}

/** Redraws results.svg beside results.md; returns its path. */
export function drawResults(dir: string = __dirname): string {
  const markdown = fs.readFileSync(path.join(dir, 'results.md'), 'utf8');
  const date = /- date: (\S+)/.exec(markdown)?.[1]?.slice(0, 10) ?? '';
  const target = path.join(dir, 'results.svg');
  fs.writeFileSync(target, chartSvg(pointsFromTable(markdown), `npm run bench ${date}: median seconds per synthesis`));
  return target;
}

if (require.main === module) {
  console.log(`wrote ${path.relative(process.cwd(), drawResults())}`);
}
