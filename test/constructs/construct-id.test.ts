import { Deployment } from '../../lib/constructs/deployment';
import { Service } from '../../lib/constructs/service';
import { WebService } from '../../lib/constructs/web-service';
import { findObject, testChart } from '../helpers';

const containers = [{ name: 'redis', image: 'redis:7.2', ports: [{ number: 6379, name: 'redis' }] }];

describe('a construct id taken twice', () => {
  it('names the construct that holds the id, and the fix', () => {
    const chart = testChart();
    const redis = new Deployment(chart, 'redis', { containers });
    expect(() => new Service(chart, 'redis', { selector: redis, ports: [{ port: 6379 }] })).toThrow(
      'test: the construct id "redis" is already taken here by Deployment test/redis; ids are unique in their scope, ' +
        'and an id is the object\'s name unless `name` is given: give this construct another id, e.g. "redis-2", ' +
        "and keep its object name with `name: 'redis'`",
    );
  });

  it('is fixed as the message says', () => {
    const chart = testChart();
    const redis = new Deployment(chart, 'redis', { containers });
    new Service(chart, 'redis-2', { name: 'redis', selector: redis, ports: [{ port: 6379 }] });
    expect(findObject(chart, 'Service', 'redis').spec.ports[0].port).toBe(6379);
  });

  it('is caught for the composite constructs too', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { image: 'shop:1.0.0' });
    expect(() => new WebService(chart, 'shop', { image: 'shop:1.0.0' })).toThrow(
      /^test: the construct id "shop" is already taken here by WebService test\/shop;/,
    );
  });
});
