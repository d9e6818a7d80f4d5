// Turns thrown and rejected values into the strings and JSON the stock runtime answers with.
'use strict';

let serializeErrorImpl;

/**
 * Loads serialize-error (an ES module) once, before the first activation. The stock runtime uses
 * this package for rejection values; using it too is how the bodies match byte for byte.
 */
async function loadSerializeError() {
  if (!serializeErrorImpl) serializeErrorImpl = (await import('serialize-error')).serializeError;
}

/** `"" + error` as the stock runtime writes it, without throwing on Symbols or null-prototype objects. */
function formatErrorMessage(error) {
  try {
    return `${error}`;
  } catch {
    try {
      return String(error);
    } catch {
      return Object.prototype.toString.call(error);
    }
  }
}

/** The `error` field of a rejected activation: `{}` for a falsy reason, else serialize-error's JSON. */
function serializeRejection(reason) {
  if (!reason) return {};
  if (!serializeErrorImpl) throw new Error('serialize-error was not loaded: call loadSerializeError() first');
  return serializeErrorImpl(reason);
}

module.exports = { loadSerializeError, formatErrorMessage, serializeRejection };
