import * as fs from 'fs';
import { SourceMap } from 'module';
import * as path from 'path';

/** A frame of a V8 stack trace: `at name (file:line:column)` or `at file:line:column`. */
const FRAME = /^\s*at (?:.*? \()?((?:\/|[A-Za-z]:\\)[^()]*?):(\d+):(\d+)\)?$/;

/** How many frames of the project a report names: where it was thrown, and the calls that led there. */
const MAX_FRAMES = 5;

/** The source maps of bundles (`<bundle>.map`, written by scripts/bundle.js), read once; null where there is none. */
const MAPS = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  let map = MAPS.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    MAPS.set(file, map);
  }
  return map;
}

/** A position in a file as the sources have it: through the bundle's source map when the file is a bundle. */
function original(file: string, line: number, column: number): { file: string; line: number; column: number } {
  const entry = sourceMapOf(file)?.findEntry(line - 1, column - 1) as
    { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (entry?.originalSource === undefined || entry.originalLine === undefined) {
    return { file, line, column };
  }
  const source = entry.originalSource.replace(/^file:\/\//, '');
  return {
    file: path.resolve(path.dirname(file), source),
    line: entry.originalLine + 1,
    column: (entry.originalColumn ?? 0) + 1,
  };
}

/**
 * Where in the project's own sources (under `root`, outside node_modules) an error was thrown, as `file:line:column`
 * relative to `root`, innermost first, at most five and none from the file `until` on (the caller that ran the code,
 * whose frames say nothing of the error); a bundle's frames are mapped back to the TypeScript sources with its source
 * map. Empty when no frame is the project's (or the error has no stack).
 */
export function projectFrames(error: unknown, root: string, until?: string): string[] {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (match === null) {
      continue;
    }
    const at = original(match[1], Number(match[2]), Number(match[3]));
    const relative = path.relative(root, at.file);
    if (relative.startsWith('..') || path.isAbsolute(relative) || relative.split(path.sep).includes('node_modules')) {
      continue;
    }
    if (relative === until) {
      break;
    }
    const frame = `${relative}:${at.line}:${at.column}`;
    if (!frames.includes(frame)) {
      frames.push(frame);
    }
    if (frames.length === MAX_FRAMES) {
      break;
    }
  }
  return frames;
}
