import { cronProblem } from '../../lib/constructs/cron-schedule';

// Each schedule's verdict is what the API servers of Kubernetes 1.27 and 1.37 gave it (kubectl apply
// --dry-run=server of a CronJob), which parse it with robfig/cron v3's ParseStandard.
describe('cronProblem', () => {
  it.each([
    '*/5 * * * *',
    '? * * * *',
    '0 9 * * MON-FRI',
    '0 0 * JAN-mar *',
    '0 0 * * sun',
    '5/15 * * * *',
    '*-5 * * * *',
    '1,,2 * * * *',
    '+5 * * * *',
    '0 0 31 2 *',
    ' 0  0 * * * ',
    '@hourly',
    '@every 1h30m',
    '@every 90s',
  ])('takes %p, as the API server does', (schedule) => {
    expect(cronProblem(schedule)).toBeUndefined();
  });

  it.each([
    ['* * * * * *', '6 fields'],
    ['60 * * * *', 'minute "60": 60 is above the maximum, 59'],
    ['0 0 0 * *', 'day-of-month "0": 0 is below the minimum, 1'],
    ['0 0 * * 7', 'day-of-week "7": 7 is above the maximum, 6 (write 0 for Sunday)'],
    ['5-3 * * * *', 'minute "5-3": the range starts at 5, after its end, 3'],
    ['*/0 * * * *', 'minute "*/0": the step must be a positive number'],
    ['1-5-7 * * * *', 'minute "1-5-7": too many hyphens'],
    ['1/2/3 * * * *', 'minute "1/2/3": too many slashes'],
    ['-1 * * * *', 'minute "-1": a negative number is not allowed'],
    [
      '0 0 L * *',
      'day-of-month "L": "L" is an extension of other cron dialects (L, W, # or H), which Kubernetes does not read',
    ],
    [
      '0 9 * * 1#1',
      'day-of-week "1#1": "1#1" is an extension of other cron dialects (L, W, # or H), which Kubernetes does not read',
    ],
    ['x * * * *', 'minute "x": "x" is not a number'],
    ['0 0 * foo *', 'month "foo": "foo" is not a number or a name such as JAN'],
    ['@reboot', '"@reboot" is not a descriptor robfig/cron knows'],
    ['@every 1x', '"1x" is not a duration such as 90s or 1h30m'],
  ])('refuses %p, as the API server does: %s', (schedule, problem) => {
    expect(cronProblem(schedule)).toBe(problem);
  });

  it('refuses a time zone in the schedule, which 1.37 refuses (1.27 took it), pointing at timeZone', () => {
    expect(cronProblem('TZ=UTC 0 * * * *')).toBe(
      'it names a time zone, which Kubernetes 1.37 refuses in the schedule: set `timeZone` instead',
    );
  });
});
