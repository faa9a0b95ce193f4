'use strict';
// The error classes (errors-core.js, shared with the browser package) and, for Node, the
// errno names of file errors.

const os = require('node:os');
const core = require('./errors-core');

const errnoNames = new Map(Object.entries(os.constants.errno).map(([k, v]) => [v, k]));

/** The errno name for a positive errno ("ENOENT" for 2), or "" when unknown. */
function errnoName(n) {
  return errnoNames.get(n) || '';
}

module.exports = { ...core, errnoName };
