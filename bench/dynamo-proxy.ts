/**
 * Sits between the handlers and DynamoDB Local: counts requests by operation and asks every request for its
 * consumed capacity (ReturnConsumedCapacity TOTAL), summing read and write units. The response is passed on
 * byte for byte, so the SDK's CRC32 check still holds. DynamoDB Local does not check signatures, so adding
 * the field to a signed request is safe here (and only here).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { close, listen } from '../local/http-util';

const CAPACITY_OPERATIONS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);
const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

export interface DynamoTally {
  requests: Record<string, number>;
  readUnits: number;
  writeUnits: number;
}

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export class DynamoProxy {
  private server?: Server;
  tally: DynamoTally = DynamoProxy.empty();

  static empty(): DynamoTally {
    return { requests: {}, readUnits: 0, writeUnits: 0 };
  }

  /** Returns what was counted since the last reset, and starts counting again. */
  reset(): DynamoTally {
    const previous = this.tally;
    this.tally = DynamoProxy.empty();
    return previous;
  }

  /** DynamoDB Local itself, for reads that must not be counted (the benchmark waiting on a case). */
  upstream = '';

  async start(target: string): Promise<string> {
    this.upstream = target;
    const upstream = new URL(target);
    this.server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const operation = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
        let body = Buffer.concat(chunks);
        if (CAPACITY_OPERATIONS.has(operation)) {
          const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
          json.ReturnConsumedCapacity = 'TOTAL';
          body = Buffer.from(JSON.stringify(json));
        }
        this.tally.requests[operation] = (this.tally.requests[operation] ?? 0) + 1;
        const forwarded = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: incoming.method,
            path: incoming.url,
            headers: { ...incoming.headers, 'content-length': String(body.length), host: upstream.host },
          },
          (response) => {
            const answer: Buffer[] = [];
            response.on('data', (chunk: Buffer) => answer.push(chunk));
            response.on('end', () => {
              const raw = Buffer.concat(answer);
              this.count(operation, raw);
              outgoing.writeHead(response.statusCode ?? 500, response.headers);
              outgoing.end(raw);
            });
          },
        );
        forwarded.on('error', () => {
          outgoing.writeHead(502);
          outgoing.end();
        });
        forwarded.end(body);
      });
    });
    const port = await listen(this.server);
    return `http://127.0.0.1:${port}`;
  }

  private count(operation: string, raw: Buffer) {
    let parsed: { ConsumedCapacity?: Capacity | Capacity[] };
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return;
    }
    const capacities = [parsed.ConsumedCapacity ?? []].flat();
    for (const capacity of capacities) {
      const read = capacity.ReadCapacityUnits;
      const write = capacity.WriteCapacityUnits;
      if (read !== undefined || write !== undefined) {
        this.tally.readUnits += read ?? 0;
        this.tally.writeUnits += write ?? 0;
      } else if (WRITE_OPERATIONS.has(operation)) {
        this.tally.writeUnits += capacity.CapacityUnits ?? 0;
      } else {
        this.tally.readUnits += capacity.CapacityUnits ?? 0;
      }
    }
  }

  async stop(): Promise<void> {
    if (this.server) await close(this.server);
  }
}
