'use strict';
// ossresume.js's entry: the global `OSS`, ali-oss's browser constructor (the facade shared with
// the Node package) on the wasm engine in a Worker. A page replaces
// <script src=".../aliyun-oss-sdk-6.x.min.js"> with <script src="ossresume.js">; worker.js,
// wasm_exec.js and ossresume.wasm are served beside it (or OSS.workerURL says where).

const facade = require('../../node/lib/facade');
const errors = require('../../node/lib/errors-core');
const browserErrors = require('./errors');
const { makeEngine, config } = require('./engine');

const OSS = facade.makeOSS(makeEngine({ headerLines: facade.headerLines }));

Object.assign(OSS, {
  OSS,
  default: OSS,
  OssError: errors.OssError,
  ClientError: errors.ClientError,
  CredentialsError: errors.CredentialsError,
  ServerError: errors.ServerError,
  RequestError: errors.RequestError,
  InconsistentError: errors.InconsistentError,
  CancelledError: errors.CancelledError,
  FileError: errors.FileError,
  CheckpointError: errors.CheckpointError,
  CorsError: browserErrors.CorsError,
  NotReadableError: browserErrors.NotReadableError,
  QuotaExceededError: browserErrors.QuotaExceededError,
});
// Where worker.js is (default: beside ossresume.js), settable before the first upload.
Object.defineProperty(OSS, 'workerURL', {
  get: () => config.workerURL,
  set: (v) => { config.workerURL = String(v); },
  enumerable: true,
});

module.exports = OSS;
