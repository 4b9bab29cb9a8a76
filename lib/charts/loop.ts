import { Duration } from 'cdk8s';
import { ContainerProps } from '../constructs/container';
import { Probe } from '../constructs/probe';
import { Volume } from '../constructs/volume';

/** Where a course loop keeps the two files its probes read. */
const STATE_DIR = '/heartbeat';

/** The parts of a container that a `loop` fills in. */
export type LoopContainer = Required<Pick<ContainerProps, 'command' | 'readiness' | 'liveness' | 'mounts'>>;

/**
 * A shell loop that runs `round` every `every`, as the course's small readers and writers do, with probes that ask
 * real questions: ready while the last round succeeded (`/heartbeat/ready` is kept only then), alive while a round
 * ended within three periods (`/heartbeat/alive` is touched after each), so a round that never returns restarts the
 * container. The files live on an emptyDir, as the root filesystem is read-only.
 */
export function loop(round: string, every: Duration): LoopContainer {
  const seconds = every.toSeconds();
  const script =
    `touch ${STATE_DIR}/alive; while true; do ` +
    `if ${round}; then touch ${STATE_DIR}/ready; else rm -f ${STATE_DIR}/ready; fi; ` +
    `touch ${STATE_DIR}/alive; sleep ${seconds}; done`;
  return {
    command: ['sh', '-c', script],
    readiness: Probe.fileExists(`${STATE_DIR}/ready`),
    liveness: Probe.fileFresh(`${STATE_DIR}/alive`, Duration.seconds(3 * seconds + 30), { period: every }),
    mounts: [{ volume: Volume.fromEmptyDir('heartbeat'), path: STATE_DIR }],
  };
}
