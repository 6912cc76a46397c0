// Journal archives in S3-compatible storage: content-addressed export segments
// plus a signed manifest (docs/archive.md).
export { archiveWorkspace, type ArchiveOptions, type ArchiveReport } from './archive';
export { verifyArchive, type ArchiveVerifyResult } from './verifyArchive';
export { startArchiveSchedule, type ArchiveSchedule, type ArchiveScheduleOptions } from './schedule';
export { openBucket, type ArchiveBucket, type S3Connection, type S3Credentials } from './s3Bucket';
export { parseS3Url, s3UrlOf, type S3Target } from './s3Target';
export { credentialsFromSecret } from './credentials';
export { ArchiveError, type ArchiveProblem } from './errors';
export { DEFAULT_SEGMENT_ENTRIES } from './segments';
export { MANIFEST_FILE, MANIFESTS_DIR } from './layout';
export { parseManifest, manifestSignatureValid, MANIFEST_PURPOSE, type Manifest, type ManifestFile, type SegmentRef } from './manifest';
