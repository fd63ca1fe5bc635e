import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { integer } from '../variables';

export const storageConfig = defineConfigGroup({
  env: {
    STORAGE_DRIVER: z
      .enum(['local', 's3', 'azure', 'cloudinary'])
      .default('local')
      .describe('where stored files go: local, s3, azure or cloudinary'),
    STORAGE_DIR: z
      .string()
      .min(1)
      .describe(
        'local driver: where files are kept; every driver: scratch files in its tmp/ (uploads, exports)',
      ),
    FILE_SIGNING_SECRET: z
      .string()
      .min(32)
      .describe('local driver: HMAC key of the expiring file URLs (>= 32 characters)'),
    FILE_URL_TTL_SECONDS: integer(10, 86_400)
      .default(300)
      .describe('lifetime of a signed file URL'),
    CLOUDINARY_URL: z
      .string()
      .regex(/^cloudinary:\/\/[^:]+:[^@]+@.+$/)
      .optional()
      .describe('cloudinary driver: cloudinary://<key>:<secret>@<cloud>'),
    S3_BUCKET: z.string().min(3).max(63).optional().describe('s3 driver: the bucket'),
    S3_REGION: z.string().min(1).default('us-east-1').describe('s3 driver: the region'),
    S3_ENDPOINT: z
      .url()
      .optional()
      .describe('s3 driver: an S3-compatible endpoint (R2, MinIO…); unset for AWS'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional().describe('s3 driver: access key id'),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional().describe('s3 driver: secret access key'),
    AZURE_STORAGE_ACCOUNT: z
      .string()
      .regex(/^[a-z0-9]{3,24}$/)
      .optional()
      .describe('azure driver: the storage account'),
    AZURE_STORAGE_KEY: z
      .string()
      .min(1)
      .optional()
      .describe("azure driver: the account's access key (base64); it signs the SAS links"),
    AZURE_STORAGE_CONTAINER: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/)
      .optional()
      .describe('azure driver: the blob container (private)'),
    AZURE_STORAGE_ENDPOINT: z
      .url()
      .optional()
      .describe(
        'azure driver: the Blob service URL; unset: https://<account>.blob.core.windows.net (Azurite: http://127.0.0.1:10000/<account>)',
      ),
  },
  secrets: ['FILE_SIGNING_SECRET', 'CLOUDINARY_URL', 'S3_SECRET_ACCESS_KEY', 'AZURE_STORAGE_KEY'],
  devDefaults: {
    STORAGE_DIR: '.data/storage',
    FILE_SIGNING_SECRET: 'insightdesk-development-file-signing-key-not-for-production',
  },
  check: (e) => [
    ...(e.STORAGE_DRIVER === 'cloudinary' && !e.CLOUDINARY_URL
      ? ['CLOUDINARY_URL: required when STORAGE_DRIVER=cloudinary']
      : []),
    ...(e.STORAGE_DRIVER === 's3'
      ? (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)
          .filter((k) => !e[k])
          .map((k) => `${k}: required when STORAGE_DRIVER=s3`)
      : []),
    ...(e.STORAGE_DRIVER === 'azure'
      ? (['AZURE_STORAGE_ACCOUNT', 'AZURE_STORAGE_KEY', 'AZURE_STORAGE_CONTAINER'] as const)
          .filter((k) => !e[k])
          .map((k) => `${k}: required when STORAGE_DRIVER=azure`)
      : []),
  ],
  map: (e) => ({
    driver: e.STORAGE_DRIVER,
    dir: e.STORAGE_DIR,
    signingSecret: e.FILE_SIGNING_SECRET,
    urlTtlSeconds: e.FILE_URL_TTL_SECONDS,
    cloudinaryUrl: e.CLOUDINARY_URL,
    s3:
      e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? {
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          }
        : undefined,
    azure:
      e.AZURE_STORAGE_ACCOUNT && e.AZURE_STORAGE_KEY && e.AZURE_STORAGE_CONTAINER
        ? {
            account: e.AZURE_STORAGE_ACCOUNT,
            accountKey: e.AZURE_STORAGE_KEY,
            container: e.AZURE_STORAGE_CONTAINER,
            ...(e.AZURE_STORAGE_ENDPOINT ? { endpoint: e.AZURE_STORAGE_ENDPOINT } : {}),
          }
        : undefined,
  }),
});
