/**
 * A CronJob schedule as the API server and the CronJob controller read it: robfig/cron v3's `ParseStandard`, five
 * fields or a descriptor. Written after its parser (ranges, steps, lists, `*` and `?`, month and weekday names), with
 * none of the extensions other cron libraries take (L, W, #, H, a seventh day of the week).
 */

import { isGoDuration } from './validation';

/** The descriptors ParseStandard takes besides `@every <duration>`. */
export const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** One field of a schedule: its name for messages, its bounds, and the names it takes for numbers. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: Object.fromEntries(MONTHS.map((month, index) => [month, index + 1])) },
  { name: 'day-of-week', min: 0, max: 6, names: Object.fromEntries(WEEKDAYS.map((day, index) => [day, index])) },
];

/** Tokens of the cron dialects that robfig/cron does not know. */
const EXTENSION = /^(\d*L|L-\d+|\d+W|LW|\d+#\d+|H(\(\d+-\d+\))?)$/i;

/** A number as Go's strconv.Atoi reads it, or a name of the field; why not, as a message. */
function parseValue(text: string, field: CronField): number | string {
  const named = field.names?.[text.toLowerCase()];
  if (named !== undefined) {
    return named;
  }
  if (!/^[+-]?\d+$/.test(text)) {
    return EXTENSION.test(text)
      ? `"${text}" is an extension of other cron dialects (L, W, # or H), which Kubernetes does not read`
      : `"${text}" is not a number${field.names === undefined ? '' : ` or a name such as ${field.name === 'month' ? 'JAN' : 'MON'}`}`;
  }
  const value = Number(text);
  return value < 0 ? `negative number ${value} is not allowed` : value;
}

/** Why one comma-separated part of a field is not a range robfig/cron reads (its getRange), or undefined. */
function rangeProblem(expression: string, field: CronField): string | undefined {
  if (expression.startsWith('-')) {
    return 'a negative number is not allowed';
  }
  const rangeAndStep = expression.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = field.min;
    end = field.max;
  } else {
    if (lowAndHigh.length > 2) {
      return 'too many hyphens';
    }
    const low = parseValue(lowAndHigh[0], field);
    const high = lowAndHigh.length === 2 ? parseValue(lowAndHigh[1], field) : low;
    if (typeof low === 'string' || typeof high === 'string') {
      return typeof low === 'string' ? low : (high as string);
    }
    start = low;
    end = high;
  }
  if (rangeAndStep.length > 2) {
    return 'too many slashes';
  }
  if (rangeAndStep.length === 2) {
    const step = /^[+-]?\d+$/.test(rangeAndStep[1]) ? Number(rangeAndStep[1]) : undefined;
    if (step === undefined) {
      return `the step "${rangeAndStep[1]}" is not a number`;
    }
    if (step <= 0) {
      return 'the step must be a positive number';
    }
    if (lowAndHigh.length === 1) {
      // "N/step" means "N-max/step".
      end = field.max;
    }
  }
  if (start < field.min) {
    return `${start} is below the minimum, ${field.min}`;
  }
  if (end > field.max) {
    return `${end} is above the maximum, ${field.max}${field.name === 'day-of-week' ? ' (write 0 for Sunday)' : ''}`;
  }
  if (start > end) {
    return `the range starts at ${start}, after its end, ${end}`;
  }
  return undefined;
}

/**
 * Why robfig/cron's ParseStandard (and so the API server) would not read `schedule`, as a phrase such as
 * `minute "61": 61 is above the maximum, 59`; undefined when it would.
 */
export function cronProblem(schedule: string): string | undefined {
  const expression = schedule.trim();
  if (/^(CRON_)?TZ=/.test(expression)) {
    return 'it names a time zone, which Kubernetes 1.37 refuses in the schedule: set `timeZone` instead';
  }
  if (expression.startsWith('@')) {
    if (CRON_DESCRIPTORS.includes(expression)) {
      return undefined;
    }
    const every = /^@every\s+(.*)$/.exec(expression);
    if (every !== null) {
      return isGoDuration(every[1]) && !every[1].startsWith('-')
        ? undefined
        : `"${every[1]}" is not a duration such as 90s or 1h30m`;
    }
    return `"${expression}" is not a descriptor robfig/cron knows`;
  }
  const parts = expression.split(/\s+/).filter((part) => part !== '');
  if (parts.length !== 5) {
    return `${parts.length} fields`;
  }
  for (let index = 0; index < FIELDS.length; index++) {
    // Go's strings.FieldsFunc skips empty parts of a list.
    for (const range of parts[index].split(',').filter((part) => part !== '')) {
      const problem = rangeProblem(range, FIELDS[index]);
      if (problem !== undefined) {
        return `${FIELDS[index].name} "${parts[index]}": ${problem}`;
      }
    }
  }
  return undefined;
}
