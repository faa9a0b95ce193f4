// Type declarations of the ossresume package (Node). The runtime is index.js + lib/*.js.

/// <reference types="node" />

export interface ClientOptions {
  /** "host[:port]" with optional "http://" or "https://". Derived from `region` when absent. */
  endpoint?: string;
  /** "oss-cn-hangzhou" (ali-oss style) or "cn-hangzhou"; V4 signs with the latter. */
  region?: string;
  /** The default bucket of multipartUpload. */
  bucket?: string;
  /** Absent: OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN from the
   *  environment, read at each request. */
  accessKeyId?: string;
  accessKeySecret?: string;
  stsToken?: string;
  /** Scheme for an endpoint given without one (ali-oss: `secure`). */
  secure?: boolean;
  /** 1 or 4 (default 4). */
  signatureVersion?: 1 | 4;
  /** ali-oss's switch: true → V4, false → V1. `signatureVersion` wins when both are given. */
  authorizationV4?: boolean;
  cloudboxId?: string;
  /** The endpoint is the bucket's own domain. */
  cname?: boolean;
  /** "/bucket/key" paths (an IP endpoint uses them anyway). */
  pathStyle?: boolean;
  /** Longest time without a byte moving, ms or "60s" (default 60 s). */
  timeout?: number | string;
  /** TCP + TLS set-up, ms or "10s" (default 10 s). */
  connectTimeout?: number | string;
  /** Retries of a transient failure per request (default 3; 0: none). */
  retryMax?: number;
  /** PEM bundle trusted in addition to the system roots. */
  caFile?: string;
  /** Directory of PEM certificates trusted in addition to the system roots, as curl's CAPATH
   *  (every file in it, links followed; a directory holding none is refused naming ca_path). */
  caPath?: string;
  /** false turns TLS verification OFF. */
  rejectUnauthorized?: boolean;
  /** "http://user:pass@host:port"; absent: HTTP(S)_PROXY from the environment. */
  proxy?: string;
  userAgent?: string;
  /** How often the upload is polled, ms (default 50). */
  pollInterval?: number;
}

/** Handed to progress while the upload runs; pass it back as `checkpoint` to resume. */
export interface Checkpoint {
  file: string;
  name: string;
  fileSize: number;
  doneBytes: number;
  /** Where the native record lives; null when checkpointing is off. */
  checkpointPath: string | null;
}

export interface ProgressInfo {
  doneBytes: number;
  totalBytes: number;
}

export interface MultipartUploadOptions {
  /** Overrides the client's bucket. */
  bucket?: string;
  /** Parts in flight (default 4, at most 1024). */
  parallel?: number;
  /** Bytes per part (default 8 MiB; 100 KiB .. 5 GiB). A resumed upload keeps its own. */
  partSize?: number;
  /** true (default): record at "<file>.cp"; a path: the record there; a Checkpoint from
   *  progress: resume from it; false: not resumable (a failure aborts the upload). */
  checkpoint?: boolean | string | Checkpoint;
  /** Called from the event loop with the fraction done (growing), the checkpoint, and the
   *  bytes; the last call is (1, null). Throwing or rejecting cancels the upload, and the
   *  upload rejects with that error. */
  progress?: (p: number, checkpoint: Checkpoint | null, info: ProgressInfo) => unknown;
  /** The object's headers: Content-Type, Cache-Control, x-oss-storage-class, ... */
  headers?: Record<string, string | number>;
  /** User metadata, sent as x-oss-meta-NAME. */
  meta?: Record<string, string | number>;
  /** Content-Type. */
  mime?: string;
  /** Cancels the upload (its checkpoint kept); it rejects with a CancelledError whose name is
   *  "AbortError" and whose cause is the signal's reason. */
  signal?: AbortSignal;
  /** Files smaller go as one PutObject (default 100 KiB, as ali-oss). */
  multipartThreshold?: number;
  /** Retries per request for this upload (default: the client's). */
  retryMax?: number;
  /** CRC-64 only per part (OSS checks CRC-64 anyway). */
  disableSha256?: boolean;
}

export interface MultipartUploadResult {
  name: string;
  bucket: string;
  /** As the server sent it, quotes included. */
  etag: string;
  /** CRC-64/ECMA of the object as a decimal string, verified against the server's. */
  crc64: string;
  requestId: string;
  /** "" when the object went as one PutObject. */
  uploadId: string;
  versionId: string;
  size: number;
  partSize: number;
  parts: number;
  /** Part bytes sent in this call. */
  bytesSent: number;
  /** Part bytes carried over from an interrupted call. */
  bytesResumed: number;
  /** Complete's (or PutObject's) response body; the callback server's reply with x-oss-callback. */
  data: Buffer;
  res: { status: number; statusCode: number; headers: Record<string, string>; size: number };
}

export interface UploadProgress {
  done: number;
  /** The file's size; 0 until the file has been opened. */
  total: number;
  finished: boolean;
}

export class Upload {
  readonly bucket: string;
  readonly name: string;
  readonly file: string;
  readonly checkpointPath: string | null;
  /** The latest progress, without blocking. */
  progress(): UploadProgress;
  /** Asks the upload to stop; done() then rejects with a CancelledError. */
  cancel(): void;
  /** Resolves with the result once the upload ends; frees the handle. */
  done(options?: Pick<MultipartUploadOptions, 'progress' | 'signal'>): Promise<MultipartUploadResult>;
  /** Frees the handle; a running upload is cancelled first. Never blocks. */
  close(): void;
}

export class Client {
  constructor(options: ClientOptions);
  readonly bucket: string | null;
  readonly endpoint: string;
  readonly region: string | null;
  /** ali-oss's multipartUpload for a file path, resumable across processes. */
  multipartUpload(name: string, file: string, options?: MultipartUploadOptions): Promise<MultipartUploadResult>;
  /** Starts an upload and returns its handle at once. */
  startUpload(name: string, file: string, options?: Omit<MultipartUploadOptions, 'progress' | 'signal'>): Upload;
  /** Frees the native client; uploads already started keep what they need. */
  close(): void;
  [Symbol.dispose](): void;
}

export interface OssErrorFields {
  /** HTTP status; negative without one: -1 bad argument or file, -2 network, -3 inconsistent. */
  status: number;
  /** The server's code ("NoSuchUpload"), an errno name ("ENOENT"), or "Cancelled", ... */
  code: string;
  requestId: string;
  ec: string;
  uploadId: string;
  /** The failing operation, e.g. "UploadPart". */
  operation: string;
}

export class OssError extends Error implements OssErrorFields {
  status: number;
  code: string;
  requestId: string;
  ec: string;
  uploadId: string;
  operation: string;
}
/** Refused before any traffic; `field` names the argument. */
export class ClientError extends OssError { field: string; }
export class CredentialsError extends ClientError {}
/** name is `${code}Error`, e.g. "NoSuchUploadError". */
export class ServerError extends OssError {}
export class RequestError extends OssError {}
export class InconsistentError extends OssError {
  partNumber: number;
  localCrc64: string;
  serverCrc64: string;
}
/** name is "AbortError". */
export class CancelledError extends OssError {}
export class FileError extends OssError {
  /** Negative, as Node's fs errors. */
  errno: number;
  path: string;
}
export class CheckpointError extends FileError {}
export class LibraryError extends Error { code: string; }

/** The native library's version. */
export function version(): string;
export const ENV_LIBRARY: 'OSSRESUME_LIBRARY';
