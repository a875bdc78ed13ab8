/** Metrics leave a function when its invocation ends, answered or failed, and only when it counted something. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushMetrics, metrics } from '../../functions/shared/observability';

afterEach(() => vi.restoreAllMocks());

const context = { functionName: 'test', getRemainingTimeInMillis: () => 1000 } as never;

describe('flushMetrics', () => {
  it('publishes what an invocation counted, also when it fails, and nothing when it counted nothing', async () => {
    const published = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const counting = middy()
      .use(flushMetrics())
      .handler(async () => metrics.addMetric('Counted', MetricUnit.Count, 1));
    await counting({}, context);
    expect(published).toHaveBeenCalledTimes(1);

    const failing = middy()
      .use(flushMetrics())
      .handler(async () => {
        metrics.addMetric('CountedThenFailed', MetricUnit.Count, 1);
        throw new Error('boom');
      });
    await expect(failing({}, context)).rejects.toThrow('boom');
    expect(published).toHaveBeenCalledTimes(2);

    published.mockRestore();
    metrics.clearMetrics();
    const quiet = vi.spyOn(metrics, 'publishStoredMetrics');
    await middy()
      .use(flushMetrics())
      .handler(async () => 'nothing counted')({}, context);
    expect(quiet).not.toHaveBeenCalled();
  });
});
