/**
 * The benchmark's own instruments: percentiles by nearest rank, and the DynamoDB proxy's counting (requests by
 * operation, read and write units from ConsumedCapacity, the response passed on unchanged), and the seeded data.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoProxy } from '../../bench/dynamo-proxy';
import { benchSurname } from '../../bench/harness';
import { percentile } from '../../bench/stats';
import { close, listen, readBody } from '../../local/http-util';

describe('the seeded surnames', () => {
  it('are unique across 100,000 cases, so a search by one has one answer at any size', () => {
    const surnames = Array.from({ length: 100_000 }, (_, index) => benchSurname(index));
    expect(new Set(surnames).size).toBe(100_000);
    expect(surnames.every((surname) => /^[a-z]{4}$/.test(surname))).toBe(true);
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index); // 100..1, unsorted
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('the DynamoDB proxy', () => {
  let upstream: Server;
  let proxy: DynamoProxy;
  let endpoint = '';
  const seen: Record<string, unknown>[] = [];

  beforeAll(async () => {
    upstream = createServer(async (request, response) => {
      const body = JSON.parse((await readBody(request)).toString('utf8')) as Record<string, unknown>;
      seen.push(body);
      const operation = String(request.headers['x-amz-target']).split('.')[1];
      const answer =
        operation === 'TransactWriteItems'
          ? { ConsumedCapacity: [{ TableName: 't', CapacityUnits: 4, WriteCapacityUnits: 4 }] }
          : { Item: {}, ConsumedCapacity: { TableName: 't', CapacityUnits: 0.5 } };
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-crc32': '123' });
      response.end(JSON.stringify(answer));
    });
    const port = await listen(upstream);
    proxy = new DynamoProxy();
    endpoint = await proxy.start(`http://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await proxy.stop();
    await close(upstream);
  });

  const call = (operation: string) =>
    fetch(endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        'content-type': 'application/x-amz-json-1.0',
      },
      body: JSON.stringify({ TableName: 't' }),
    });

  it('counts requests and capacity, asks for capacity, and passes the answer on unchanged', async () => {
    const answer = await call('GetItem');
    expect(answer.headers.get('x-amz-crc32')).toBe('123');
    expect(await answer.json()).toEqual({
      Item: {},
      ConsumedCapacity: { TableName: 't', CapacityUnits: 0.5 },
    });
    await (await call('TransactWriteItems')).arrayBuffer();
    await (await call('GetItem')).arrayBuffer();
    expect(seen.every((body) => body.ReturnConsumedCapacity === 'TOTAL')).toBe(true);
    expect(proxy.reset()).toEqual({
      requests: { GetItem: 2, TransactWriteItems: 1 },
      readUnits: 1,
      writeUnits: 4,
    });
    expect(proxy.tally).toEqual({ requests: {}, readUnits: 0, writeUnits: 0 });
  });
});
