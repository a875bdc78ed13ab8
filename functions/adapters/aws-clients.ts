/**
 * AWS SDK clients as module-level singletons: created once per Lambda container (cold start) and reused.
 * Endpoints come from the SDK's own settings (AWS_ENDPOINT_URL_<SERVICE>), which is how the local stack
 * points unchanged handlers at DynamoDB Local and the local Step Functions and SES services.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;
let sfnClient: SFNClient | undefined;
let sesClient: SESv2Client | undefined;
let s3: S3Client | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

export function stepFunctionsClient(): SFNClient {
  sfnClient ??= new SFNClient({});
  return sfnClient;
}

export function sesV2Client(): SESv2Client {
  sesClient ??= new SESv2Client({});
  return sesClient;
}

export function s3Client(): S3Client {
  // Path-style keeps local S3 stand-ins working; AWS accepts it for these bucket names.
  s3 ??= new S3Client({ forcePathStyle: !!process.env.AWS_ENDPOINT_URL_S3 });
  return s3;
}
