import { loneSurrogateProblem } from '../writer/yaml';
import { Problem } from './finding';
import { Rule } from './rule';
import { Step, formatPath } from './field-path';

const FIX = 'write the character as a full surrogate pair or remove it';

/**
 * Every key and string under `value`, found in one walk; `path` is the walk's own stack, so a string with no
 * surrogate costs a regexp test and no allocation.
 */
function walk(value: unknown, path: Step[], problems: Problem[]): void {
  if (typeof value === 'string') {
    const problem = loneSurrogateProblem(value);
    if (problem !== undefined) {
      problems.push({ message: `${formatPath(path)} ${problem}`, fix: FIX });
    }
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      walk(value[index], path, problems);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const key in object) {
      if (!Object.prototype.hasOwnProperty.call(object, key)) {
        continue;
      }
      const problem = loneSurrogateProblem(key);
      if (problem !== undefined) {
        const where = path.length === 0 ? 'the object' : formatPath(path);
        problems.push({ message: `the key ${JSON.stringify(key)} of ${where} ${problem}`, fix: FIX });
      }
      path.push(key);
      walk(object[key], path, problems);
      path.pop();
    }
  }
}

export const loneSurrogate: Rule = {
  id: 'lone-surrogate',
  description: 'no key or string holds a lone surrogate (U+D800-U+DFFF unpaired), which UTF-8 JSON cannot carry',
  check(object) {
    const problems: Problem[] = [];
    walk(object.manifest, [], problems);
    return problems;
  },
};

export const TEXT_RULES: readonly Rule[] = [loneSurrogate];
