import yauzl from 'yauzl';

export interface ZipLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
}

export class ZipRefused extends Error {}

// Every file entry of a zip, read into memory within limits (a zip bomb is refused before and while
// inflating): at most `maxEntries` entries, at most `maxUncompressedBytes` in all — counted from the
// central directory first, then from the bytes actually inflated (yauzl checks each entry's bytes
// against its declared size). Entry names that are absolute or climb with "..", and symbolic links,
// refuse the whole zip: nothing of it is used.
export function readZip(path: string, limits: ZipLimits): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(new ZipRefused('This is not a zip file that can be read.'));
      if (zip.entryCount > limits.maxEntries) {
        zip.close();
        return reject(new ZipRefused(`The zip has ${zip.entryCount} entries; imports take at most ${limits.maxEntries}.`));
      }
      const files = new Map<string, Buffer>();
      let total = 0;
      const fail = (error: Error) => {
        zip.close();
        // yauzl itself refuses absolute and climbing names while reading the directory.
        const outside = /^(invalid relative path|absolute path): (.*)$/.exec(error.message);
        if (outside) return reject(new ZipRefused(`The zip holds a path outside its folder (${JSON.stringify(outside[2])}).`));
        reject(error instanceof ZipRefused ? error : new ZipRefused(`The zip could not be read: ${error.message}`));
      };
      zip.on('error', fail);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName.replace(/\\/g, '/');
        if (name.startsWith('/') || /^[a-z]:/i.test(name) || name.split('/').includes('..')) return fail(new ZipRefused(`The zip holds a path outside its folder (${JSON.stringify(entry.fileName)}).`));
        if (name.endsWith('/')) return zip.readEntry();
        // Unix symbolic links (mode 0o120000 in the high bits of the external attributes).
        if (((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000) return fail(new ZipRefused(`The zip holds a symbolic link (${name}).`));
        total += entry.uncompressedSize;
        if (total > limits.maxUncompressedBytes) return fail(new ZipRefused(`The zip unpacks to more than ${Math.round(limits.maxUncompressedBytes / 2 ** 20)} MB; imports take at most that.`));
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(e ?? new Error('unreadable entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', fail);
          stream.on('end', () => {
            files.set(name.normalize('NFC'), Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
