// What the benchmarks' report scripts share: medians, number formats, the spread of a row, the git state of the figures.
'use strict';

const { execFileSync } = require('node:child_process');

/** The median of a list of numbers (NaN when empty). */
function median(values) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** An integer with thousands separators: 12,345. */
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');

/** Half the range of a row's runs, as a percentage of their median: above ~10 the machine was busy. */
const spreadPct = (values) => ((Math.max(...values) - Math.min(...values)) / 2 / median(values)) * 100;

/**
 * The commit the figures were measured on, and whether tracked files differed from it
 * ({commit: null, dirty: null} outside a git checkout).
 */
function gitState() {
  const opts = { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] };
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], opts).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], opts).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

module.exports = { median, fmtInt, spreadPct, gitState };
