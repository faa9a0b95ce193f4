// Type declarations of the ossresume package (Node). The runtime is index.js + lib/*.js.
// `require('ossresume')` is ali-oss's constructor (class OSS below); the native-shaped Client,
// Upload, the errors and version() are members of its namespace (`OSS.Client`, or
// `import { Client } from 'ossresume'`).

/// <reference types="node" />

declare class OSS {
  constructor(options: OSS.OSSOptions);
  options: OSS.OSSOptions & { endpoint: string; bucket: string | null; cancelFlag: boolean };
  useBucket(name: string): this;
  multipartUpload(name: string, file: string, options?: OSS.AliMultipartUploadOptions): Promise<OSS.AliMultipartUploadResult>;
  /** Stops every upload of this client now; they reject with an error named "cancel". */
  cancel(abort?: { name: string; uploadId: string; options?: object }): void;
  isCancel(): boolean;
  resetCancelFlag(): void;
  abortMultipartUpload(name: string, uploadId: string, options?: { bucket?: string; timeout?: number | string }): Promise<{ res: OSS.AliResponse }>;
  listParts(name: string, uploadId: string, query?: { 'max-parts'?: number | string; 'part-number-marker'?: number | string; 'encoding-type'?: string }, options?: { bucket?: string }): Promise<{
    res: OSS.AliResponse; uploadId: string; bucket: string; name: string; partNumberMarker: string;
    nextPartNumberMarker: string; maxParts: string; isTruncated: string; parts: OSS.AliPart[];
  }>;
  listUploads(query?: { prefix?: string; 'max-uploads'?: number | string; 'key-marker'?: string; 'upload-id-marker'?: string }, options?: { bucket?: string }): Promise<{
    res: OSS.AliResponse; uploads: Array<{ name: string; uploadId: string; initiated: string }>; bucket: string;
    nextKeyMarker: string; nextUploadIdMarker: string; isTruncated: boolean;
  }>;
  /** Ours (ali-oss has no resumable download; named and shaped in its style): downloads name
   *  into file, resuming an earlier interrupted download of it. cancel() stops it as it
   *  stops uploads. See OSS.AliDownloadOptions. */
  resumableDownload(name: string, file: string, options?: OSS.AliDownloadOptions): Promise<OSS.AliDownloadResult>;
  /** Frees the native client (ours). */
  close(): void;
}

declare namespace OSS {
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
    /** Low-speed limit, the C SDK's speed_limit (curl's): a request whose rate stays below this
     *  many bytes/s for speedTime fails with a timeout (default 1024; 0 turns the limit off). */
    speedLimit?: number;
    /** The low-speed window, ms or "15s" (default 15 s). */
    speedTime?: number | string;
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
    /** true, undefined or null (default): record at "<file>.cp" (null, which the last progress
     *  call leaves in a saved variable, never switches resume off); a path: the record there; a
     *  Checkpoint from progress: resume from it; false: not resumable (a failure aborts the
     *  upload). */
    checkpoint?: boolean | string | Checkpoint | null;
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
    /** Also keep each part's SHA-256 in the checkpoint record, a cryptographic fingerprint
     *  (about twice the CPU). Default false: each part's CRC-64, which OSS verifies, is checked,
     *  recorded and re-checked on resume. */
    partSha256?: boolean;
    /** @deprecated CRC-64 only is the default now; true still turns partSha256 off. */
    disableSha256?: boolean;
  }

  export interface MultipartUploadResult {
    name: string;
    bucket: string;
    /** As the server sent it, quotes included. */
    etag: string;
    /** CRC-64/ECMA of the object as a decimal string, checked against the server's. */
    crc64: string;
    /** Whether a CRC-64 from the server (Complete's, PutObject's, or a HEAD's when those had
     *  none) proved the object equals the file. false: the server sent none anywhere (a proxy
     *  stripped it, or an OSS-compatible server omits it), so only the part checks vouch for it. */
    verified: boolean;
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
    /** Downloads name into file, resuming an earlier interrupted download of it. */
    resumableDownload(name: string, file: string, options?: DownloadOptions): Promise<DownloadResult>;
    /** Starts a download and returns its handle at once. */
    startDownload(name: string, file: string, options?: Omit<DownloadOptions, 'progress' | 'signal'>): Download;
    /** Frees the native client; uploads already started keep what they need. */
    close(): void;
    [Symbol.dispose](): void;
  }

  /** ali-oss's client options. Options ali-oss accepts that do not apply here (agent,
   *  httpsAgent, urllib, useFetch, headerEncoding, sldEnable, isRequestPay,
   *  requestErrorRetryHandle, ...) are accepted and ignored. */
  export interface OSSOptions {
    /** "oss-cn-hangzhou" or "cn-hangzhou" (default "oss-cn-hangzhou"); V4 signs with the latter. */
    region?: string;
    /** "host[:port]" or a URL; absent: derived from region (and `internal`, `secure`). */
    endpoint?: string;
    /** Absent together: OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN. */
    accessKeyId?: string;
    accessKeySecret?: string;
    stsToken?: string;
    /** Called when refreshSTSTokenInterval (ms, default 5 min) has passed; its credentials
     *  reach the uploads already running. */
    refreshSTSToken?: () => Promise<{ accessKeyId: string; accessKeySecret: string; stsToken?: string; securityToken?: string }>;
    refreshSTSTokenInterval?: number | string;
    bucket?: string;
    /** https for an endpoint without a scheme and for the region's endpoint. */
    secure?: boolean;
    internal?: boolean;
    /** Longest time without a byte moving, ms or "60s" (default 60 s). */
    timeout?: number | string;
    /** V4 signing (default false: V1, as ali-oss). */
    authorizationV4?: boolean;
    cname?: boolean;
    /** Retries per request; absent: the engine's 3 (ali-oss: 0); 0: none. */
    retryMax?: number;
    // ours
    connectTimeout?: number | string;
    caFile?: string;
    caPath?: string;
    rejectUnauthorized?: boolean;
    proxy?: string;
    userAgent?: string;
    pathStyle?: boolean;
    pollInterval?: number;
    [ignored: string]: unknown;
  }

  /** ali-oss's checkpoint object, plus ours: plain JSON; saved with JSON.stringify, it resumes
   *  in another process. A checkpoint written by ali-oss resumes too: the parts it names are
   *  checked against the server's listing and the local file before they are trusted. */
  export interface AliCheckpoint {
    file: string;
    name: string;
    fileSize: number;
    partSize: number;
    uploadId: string;
    doneParts: Array<{ number: number; etag: string; size?: number; crc64?: string }>;
    bucket?: string;
    fileId?: { mtimeNs: string; ctimeNs: string; dev: string; ino: string };
  }

  /** ali-oss's `res`. */
  export interface AliResponse {
    status: number;
    statusCode: number;
    statusMessage: string;
    headers: Record<string, string>;
    size: number;
    aborted: boolean;
    rt: number;
    keepAliveSocket: boolean;
    data: Buffer;
    requestUrls: string[];
    timing: null;
    remoteAddress: string;
    remotePort: number;
  }

  export interface AliMultipartUploadOptions {
    /** Parts in flight (default 5). */
    parallel?: number;
    /** Bytes per part (default 1 MiB, at least 100 KiB; raised to keep 10,000 parts). */
    partSize?: number;
    /** Called with the fraction done (growing, below 1), the checkpoint object and a res
     *  while the upload runs; last with (1, null, res) once the object exists — or (1) alone
     *  for a file under 100 KiB (one PutObject). May be async: calls never overlap. Throwing
     *  or rejecting cancels the upload, which rejects with that error. */
    progress?: (percentage: number, checkpoint?: AliCheckpoint | null, res?: AliResponse) => unknown;
    /** The object from progress (or from its JSON) to resume; null / undefined: start, or
     *  resume from the record on disk at "<file>.cp". */
    checkpoint?: AliCheckpoint | null;
    headers?: Record<string, string | number>;
    meta?: Record<string, string | number>;
    mime?: string;
    callback?: { url: string; host?: string; body: string; contentType?: string; callbackSNI?: boolean; customValue?: Record<string, unknown> };
    /** This upload's timeout (ms or "60s"). */
    timeout?: number | string;
    bucket?: string;
    retryMax?: number;
    /** Ours: where our record lives (default "<file>.cp"). */
    checkpointPath?: string;
    /** Ours: also keep each part's SHA-256 in our record (default: CRC-64 only, as OSS checks). */
    partSha256?: boolean;
  }

  export interface AliMultipartUploadResult {
    res: AliResponse;
    bucket: string;
    name: string;
    etag: string;
    /** With a callback: the callback server's reply. */
    data?: unknown;
    crc64: string;
    /** Ours: whether a server CRC-64 proved the object (see MultipartUploadResult.verified). */
    verified: boolean;
    bytesResumed: number;
    uploadId: string;
    size: number;
  }

  export interface AliPart { PartNumber: string; LastModified: string; ETag: string; Size: string }

  // issue 21: download ------------------------------------------------------------------------

  /** What progress hands a download's caller, and what checkpoint takes back (plain JSON). */
  export interface DownloadCheckpoint {
    file: string;
    name: string;
    /** The object's size; 0 until its HEAD answered. */
    fileSize: number;
    doneBytes: number;
    /** Where the record lives ("<file>.dcp" by default); null: not resumable. */
    checkpointPath: string | null;
  }

  export interface DownloadOptions {
    /** Bytes per ranged GET (default 8 MiB; grown to keep 10,000 ranges; a resumed download
     *  keeps its own). */
    partSize?: number;
    /** Ranges in flight (default 4; 1..1024). */
    parallel?: number;
    /** true / undefined / null: the record at "<file>.dcp", ranges in "<file>.tmp" until the
     *  object is whole and its CRC-64 matched; false: not resumable (a hidden temporary file,
     *  removed on failure); a path: the record there; a DownloadCheckpoint: the record it names. */
    checkpoint?: boolean | string | DownloadCheckpoint | null;
    /** Called with the fraction done (growing), the checkpoint and byte counts while it runs;
     *  last with (1, null, ...) once the file is in place. Throwing or rejecting cancels it. */
    progress?: (fraction: number, checkpoint: DownloadCheckpoint | null, info: { doneBytes: number; totalBytes: number }) => unknown;
    /** Aborting rejects the download with a CancelledError (cause: the signal's reason);
     *  record and temporary file kept. */
    signal?: AbortSignal;
    bucket?: string;
    /** Retries per request (HEAD or range); 0: none; absent: the client's. */
    retryMax?: number;
  }

  export interface DownloadResult {
    name: string;
    bucket: string;
    /** The object's ETag, quotes included. */
    etag: string;
    /** CRC-64/ECMA of the file, combined from its ranges, as a decimal string. */
    crc64: string;
    /** The object's x-oss-hash-crc64ecma matched (false: the server sent none). */
    verified: boolean;
    /** Of the HEAD that identified the object. */
    requestId: string;
    versionId: string;
    size: number;
    partSize: number;
    parts: number;
    bytesFetched: number;
    bytesResumed: number;
    res: { status: number; statusCode: number; headers: Record<string, string>; size: number };
  }

  /** A download running in the background: Upload's methods over the download. */
  export class Download {
    readonly bucket: string;
    readonly name: string;
    readonly file: string;
    readonly checkpointPath: string | null;
    progress(): UploadProgress;
    cancel(): void;
    done(options?: Pick<DownloadOptions, 'progress' | 'signal'>): Promise<DownloadResult>;
    close(): void;
  }

  export interface AliDownloadOptions {
    /** Ranges in flight (default 5, as ali-oss's parallel). */
    parallel?: number;
    /** Bytes per ranged GET (default 8 MiB). */
    partSize?: number;
    /** As ali-oss's multipartUpload calls it: the fraction (growing, below 1), the checkpoint
     *  object and a res; last (1, null, res) once the file is in place. May be async. */
    progress?: (percentage: number, checkpoint: DownloadCheckpoint | null, res: AliResponse) => unknown;
    /** The object progress gave (or its JSON) to resume; null / undefined: the record at
     *  "<file>.dcp"; false: not resumable; a path: the record there. */
    checkpoint?: DownloadCheckpoint | string | boolean | null;
    /** Aborting rejects with an error named "cancel" (cause: the signal's reason). */
    signal?: AbortSignal;
    /** This download's timeout (ms or "60s"). */
    timeout?: number | string;
    bucket?: string;
    retryMax?: number;
  }

  export interface AliDownloadResult extends Omit<DownloadResult, 'res'> {
    res: AliResponse;
  }

  export interface OssErrorFields {
    /** The server's HostId (ServerError); "" otherwise. */
    hostId: string;
    /** RequestError: "timeout", "refused", "reset", "dns", "tls" or "other"; "" otherwise. */
    transport: string;
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
    hostId: string;
    transport: string;
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
  export { OSS };
  /** `import OSS from 'ossresume'` (esModuleInterop) and `OSS.default`. */
  export { OSS as default };
}

export = OSS;
