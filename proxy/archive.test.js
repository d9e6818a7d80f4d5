// Unit tests of proxy/archive.js: detectArchiveType (the magic bytes) and extractArchive's results and messages.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { describe, test } = require('node:test');
const { detectArchiveType, extractArchive, MSG_READ, MSG_UNCOMPRESS, MSG_UNSUPPORTED } = require('./archive');

describe('detectArchiveType', () => {
  test('zip: PK\\x03\\x04', () => {
    assert.equal(detectArchiveType(Buffer.from([0x50, 0x4b, 0x03, 0x04])), 'zip');
    assert.equal(detectArchiveType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])), 'zip');
  });

  test('tar.gz: gzip magic with the deflate method, \\x1f\\x8b\\x08', () => {
    assert.equal(detectArchiveType(Buffer.from([0x1f, 0x8b, 0x08])), 'tar.gz');
    assert.equal(detectArchiveType(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00])), 'tar.gz');
  });

  test('anything else is unsupported', () => {
    const cases = [
      [],
      [0x50, 0x4b, 0x03], // a zip header cut short
      [0x50, 0x4b, 0x05, 0x06], // an empty zip (end of central directory only)
      [0x50, 0x4b, 0x07, 0x08], // a spanned zip
      [0x1f, 0x8b], // a gzip header cut short
      [0x1f, 0x8b, 0x00], // gzip with another compression method
      [0x42, 0x5a, 0x68], // bzip2
      [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], // xz
      [...Buffer.from('function main() {}')],
    ];
    for (const bytes of cases) assert.equal(detectArchiveType(Buffer.from(bytes)), 'unsupported', JSON.stringify(bytes));
  });
});

describe('extractArchive', () => {
  function withTmp(fn) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-archive-unit-'));
    return Promise.resolve()
      .then(() => fn(dir))
      .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
  }

  /** The decoded archive beside the directory is removed in the background: wait for it (bounded). */
  async function removedSoon(file) {
    const deadline = Date.now() + 5000;
    while (fs.existsSync(file)) {
      assert.ok(Date.now() < deadline, `${file} was not removed`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  function sourceTree(dir) {
    const src = path.join(dir, 'src');
    fs.mkdirSync(path.join(src, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(src, 'index.js'), 'exports.main = () => ({});\n');
    fs.writeFileSync(path.join(src, 'lib', 'x.txt'), 'héllo ☃\n');
    return src;
  }

  function assertExtracted(dest) {
    assert.equal(fs.readFileSync(path.join(dest, 'index.js'), 'utf8'), 'exports.main = () => ({});\n');
    assert.equal(fs.readFileSync(path.join(dest, 'lib', 'x.txt'), 'utf8'), 'héllo ☃\n');
  }

  test('a zip is extracted into the new directory, and the archive file removed', async () => {
    await withTmp(async (dir) => {
      const src = sourceTree(dir);
      execFileSync('zip', ['-q', '-r', path.join(dir, 'a.zip'), '.'], { cwd: src });
      const dest = path.join(dir, 'out');
      const result = await extractArchive(fs.readFileSync(path.join(dir, 'a.zip')).toString('base64'), dest);
      assert.equal(result, path.resolve(dest));
      assertExtracted(dest);
      await removedSoon(`${dest}.zip`);
    });
  });

  test('a tar.gz is extracted into the new directory', async () => {
    await withTmp(async (dir) => {
      const src = sourceTree(dir);
      execFileSync('tar', ['-czf', path.join(dir, 'a.tgz'), '-C', src, '.']);
      const dest = path.join(dir, 'out');
      await extractArchive(fs.readFileSync(path.join(dir, 'a.tgz')).toString('base64'), dest);
      assertExtracted(dest);
      await removedSoon(`${dest}.tar.gz`);
    });
  });

  test('rejects with the stock runtime\'s messages', async () => {
    await withTmp(async (dir) => {
      await assert.rejects(extractArchive(Buffer.from('plain text').toString('base64'), path.join(dir, 'a')), (e) => e === MSG_UNSUPPORTED);
      const corruptZip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 1)]);
      await assert.rejects(extractArchive(corruptZip.toString('base64'), path.join(dir, 'b')), (e) => e === MSG_UNCOMPRESS);
      const corruptGz = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08]), Buffer.alloc(64, 1)]);
      await assert.rejects(extractArchive(corruptGz.toString('base64'), path.join(dir, 'c')), (e) => e === MSG_UNCOMPRESS);
      // The destination must be new.
      fs.mkdirSync(path.join(dir, 'd'));
      await assert.rejects(extractArchive(corruptZip.toString('base64'), path.join(dir, 'd')), (e) => e === MSG_READ);
      assert.match(MSG_UNSUPPORTED, /uncompressing/);
      assert.match(MSG_UNCOMPRESS, /uncompressing/);
    });
  });
});
