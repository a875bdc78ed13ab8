/**
 * Lambda's DynamoDB stream event source, emulated: polls the table's stream on DynamoDB Local (which speaks the
 * DynamoDB Streams API) and hands each batch to a function in order, as the template's event source mapping does
 * (infra/stateless-stack.ts changeHistory): a batch goes when it is full or when its first record has waited the
 * batching window, ReportBatchItemFailures is honoured by reading again from the first failed record, and shards
 * that close are followed by their children.
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';

/** A stream record in the service's JSON, which is what Lambda passes on (B as base64, times in epoch seconds). */
interface WireRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: { SequenceNumber?: string } & Record<string, unknown>;
  [field: string]: unknown;
}

export interface ChangeStreamOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  streamArn: string;
  /** The function the mapping targets; answers `{batchItemFailures: [{itemIdentifier}]}` for a partial batch. */
  deliver(event: { Records: unknown[] }): Promise<unknown>;
  /** The mapping's BatchSize and MaximumBatchingWindowInSeconds. */
  batchSize: number;
  batchingWindowSeconds: number;
  pollMs?: number;
}

export interface ChangeStreamPoller {
  /** Resolves once every change written so far has been delivered. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

export function pollChangeStream(options: ChangeStreamOptions): ChangeStreamPoller {
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
  });
  const iterators = new Map<string, string | undefined>();
  const finished = new Set<string>();
  /** When each shard's oldest undelivered record was first seen: the batching window counts from then. */
  const gathering = new Map<string, number>();
  let stopped = false;

  // Records are read as raw JSON, which Lambda passes through as it is (B as base64, times in epoch seconds).
  const getRecords = async (
    iterator: string,
  ): Promise<{ Records?: WireRecord[]; NextShardIterator?: string }> => {
    const response = await fetch(options.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDBStreams_20120810.GetRecords',
        authorization: `AWS4-HMAC-SHA256 Credential=${options.credentials.accessKeyId}/20260101/${options.region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify({ ShardIterator: iterator, Limit: options.batchSize }),
    });
    if (!response.ok) throw new Error(`GetRecords answered ${response.status}`);
    return (await response.json()) as { Records?: WireRecord[]; NextShardIterator?: string };
  };

  const refreshShards = async () => {
    const { StreamDescription } = await client.send(
      new DescribeStreamCommand({ StreamArn: options.streamArn }),
    );
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId as string;
      if (iterators.has(shardId) || finished.has(shardId)) continue;
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({
          StreamArn: options.streamArn,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      iterators.set(shardId, ShardIterator);
    }
  };

  /**
   * true: delivered; false: nothing new; 'gathering': a batch short of full, left on the stream (the iterator is
   * read again) until its window is over; undefined: the batch failed and is read again.
   */
  const pollShard = async (shardId: string, iterator: string): Promise<boolean | 'gathering' | undefined> => {
    const { Records = [], NextShardIterator } = await getRecords(iterator);
    if (Records.length > 0 && Records.length < options.batchSize) {
      const since = gathering.get(shardId) ?? Date.now();
      gathering.set(shardId, since);
      if (Date.now() - since < options.batchingWindowSeconds * 1000) return 'gathering';
    }
    gathering.delete(shardId);
    if (Records.length === 0) {
      if (NextShardIterator) iterators.set(shardId, NextShardIterator);
      else {
        iterators.delete(shardId);
        finished.add(shardId);
      }
      return false;
    }
    const records = Records.map((record) => ({
      ...record,
      eventSourceARN: options.streamArn,
      dynamodb: record.dynamodb && {
        ...record.dynamodb,
        NewImage: emptyMapsRestored(record.dynamodb.NewImage),
        OldImage: emptyMapsRestored(record.dynamodb.OldImage),
      },
    }));
    const answer = (await options.deliver({ Records: records }).catch(() => ({ failedAll: true }))) as {
      batchItemFailures?: { itemIdentifier: string }[];
      failedAll?: boolean;
    };
    const failedAt = answer.failedAll
      ? Records[0]?.dynamodb?.SequenceNumber
      : answer.batchItemFailures?.[0]?.itemIdentifier;
    if (failedAt) {
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({
          StreamArn: options.streamArn,
          ShardId: shardId,
          ShardIteratorType: 'AT_SEQUENCE_NUMBER',
          SequenceNumber: failedAt,
        }),
      );
      iterators.set(shardId, ShardIterator);
      return undefined;
    }
    iterators.set(shardId, NextShardIterator);
    return true;
  };

  /** true: something was delivered; false: every shard is idle; undefined: a batch failed or is being gathered. */
  const pollOnce = async (): Promise<boolean | undefined> => {
    await refreshShards();
    let outcome: boolean | undefined = false;
    for (const [shardId, iterator] of [...iterators]) {
      if (!iterator) continue;
      const shard = await pollShard(shardId, iterator);
      if (shard === undefined || shard === 'gathering') outcome = undefined;
      else if (shard && outcome === false) outcome = true;
    }
    return outcome;
  };

  let rounds = 0;
  let lastRoundIdle = false;
  const loop = async () => {
    while (!stopped) {
      // undefined: the round failed (DynamoDB Local busy) or a batch is gathering; neither idle nor progress.
      const delivered = await pollOnce().catch(() => undefined);
      rounds += 1;
      lastRoundIdle = delivered === false;
      if (delivered !== true) await new Promise((wake) => setTimeout(wake, options.pollMs ?? 200));
    }
  };
  const looping = loop();

  return {
    drained: async () => {
      // A round that began after this call and found nothing: everything written before it was delivered.
      const start = rounds;
      while (!stopped && !(rounds >= start + 2 && lastRoundIdle)) {
        await new Promise((wake) => setTimeout(wake, 25));
      }
    },
    stop: async () => {
      stopped = true;
      // A round in flight ends with its GetRecords or its delivery; never wait on it for long.
      await Promise.race([looping.catch(() => undefined), new Promise((done) => setTimeout(done, 2000))]);
      client.destroy();
    },
  };
}

type Wire = Record<string, unknown>;

/**
 * DynamoDB Local's stream writes an empty map attribute as {} where DynamoDB writes {"M": {}}; no reader of the
 * wire format accepts {}. Restores it, at any depth, so the function sees what AWS would send.
 */
function emptyMapsRestored(image: unknown): unknown {
  if (!image || typeof image !== 'object') return image;
  return Object.fromEntries(
    Object.entries(image as Wire).map(([name, value]) => [name, attributeValue(value)]),
  );
}

function attributeValue(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const typed = value as Wire;
  if (Object.keys(typed).length === 0) return { M: {} };
  if (typed.M) return { M: emptyMapsRestored(typed.M) };
  if (Array.isArray(typed.L)) return { L: typed.L.map(attributeValue) };
  return typed;
}
