import { Duration } from 'cdk8s';
import { loop } from '../../lib/charts/loop';

describe('loop', () => {
  const container = loop('date && cat /etc/app/settings.json', Duration.seconds(30));

  it('runs the round every period, keeping the ready file only after a round that succeeded', () => {
    expect(container.command).toEqual([
      'sh',
      '-c',
      'touch /heartbeat/alive; while true; do if date && cat /etc/app/settings.json; then touch /heartbeat/ready; ' +
        'else rm -f /heartbeat/ready; fi; touch /heartbeat/alive; sleep 30; done',
    ]);
  });

  it('is ready while the last round succeeded, and alive while a round ended within three periods', () => {
    expect(container.readiness.toKube().exec?.command).toEqual(['test', '-e', '/heartbeat/ready']);
    expect(container.liveness.toKube()).toEqual({
      exec: { command: ['sh', '-c', 'test $(( $(date +%s) - $(stat -c %Y /heartbeat/alive) )) -lt 120'] },
      periodSeconds: 30,
    });
  });

  it('keeps its files on an emptyDir, since the root filesystem is read-only', () => {
    expect(container.mounts.map((mount) => [mount.volume.name, mount.path])).toEqual([['heartbeat', '/heartbeat']]);
    expect(container.mounts[0].volume.toKube().emptyDir).toBeDefined();
  });
});
