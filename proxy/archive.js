// Unpacks a base64 action archive (zip or tar.gz) into a fresh directory, as the stock runtime does.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');

// The stock runtime's messages: operators and OpenWhisk's own tests look for them.
const MSG_UNSUPPORTED =
  'There was an error uncompressing the action archive. The file type is unsupported';
const MSG_READ = 'There was an error reading the action archive.';
const MSG_UNCOMPRESS = 'There was an error uncompressing the action archive.';

/** Returns 'zip', 'tar.gz' or 'unsupported' from the first bytes of the decoded archive. */
function detectArchiveType(bytes) {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return 'zip';
  }
  if (bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08) {
    return 'tar.gz';
  }
  return 'unsupported';
}

function run(file, args) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(String(stderr).trim() || error.message));
      else resolve();
    });
  });
}

/**
 * Decodes `base64` and extracts it into `destDir` (created here, must not exist).
 * Rejects with the stock runtime's message strings, which become the /init error.
 */
async function extractArchive(base64, destDir) {
  const bytes = Buffer.from(base64, 'base64');
  const kind = detectArchiveType(bytes);
  if (kind === 'unsupported') throw MSG_UNSUPPORTED;

  const archiveFile = `${destDir}.${kind}`;
  try {
    await fs.promises.writeFile(archiveFile, bytes);
    await fs.promises.mkdir(destDir, { recursive: false });
  } catch {
    throw MSG_READ;
  }
  try {
    if (kind === 'zip') await run('unzip', ['-qq', archiveFile, '-d', destDir]);
    else await run('tar', ['-xzf', archiveFile, '-C', destDir]);
  } catch {
    throw MSG_UNCOMPRESS;
  } finally {
    fs.promises.rm(archiveFile, { force: true }).catch(() => {});
  }
  return path.resolve(destDir);
}

module.exports = { extractArchive, detectArchiveType, MSG_UNSUPPORTED, MSG_READ, MSG_UNCOMPRESS };
