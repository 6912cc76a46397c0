import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// `npm run package` cannot run here (no Electron binary), so what it reads is
// checked instead: the configuration against electron-builder's own schema,
// and every icon it names, byte by byte, as each OS will read it.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  asarUnpack: string[];
  directories: { buildResources: string };
  linux: { icon: string };
  mac: { icon: string };
  win: { icon: string };
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  author?: { name?: string; email?: string };
  homepage?: string;
  engines?: { node?: string };
};

/** Width and height from a PNG's IHDR chunk; throws on anything that is not a PNG. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('packaging', () => {
  it("electron-builder.yml is valid against electron-builder's own configuration schema", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('unpacks from the asar archive every installed dependency that ships a native .node binary', () => {
    const hasNodeBinary = (dir: string): boolean =>
      readdirSync(dir, { withFileTypes: true }).some((e) =>
        e.isDirectory() ? e.name !== 'node_modules' && hasNodeBinary(join(dir, e.name)) : e.name.endsWith('.node'),
      );
    const names = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})];
    const native = names.filter((name) => existsSync(join(root, 'node_modules', name)) && hasNodeBinary(join(root, 'node_modules', name)));
    expect(native).toContain('sodium-native');
    for (const name of native) expect(config.asarUnpack).toContain(`node_modules/${name}/**`);
  });

  it('names the build resources folder that holds the icons', () => {
    expect(existsSync(join(root, config.directories.buildResources, 'icon.png'))).toBe(true);
    expect(pngSize(readFileSync(join(root, config.directories.buildResources, 'icon.png')))).toEqual({ width: 1024, height: 1024 });
  });

  it('Linux: a square PNG per size, named NxN.png, up to 512', () => {
    const dir = join(root, config.linux.icon);
    const files = readdirSync(dir).sort();
    expect(files).toContain('512x512.png');
    for (const file of files) {
      const [w, h] = file.replace('.png', '').split('x').map(Number);
      expect(pngSize(readFileSync(join(dir, file)))).toEqual({ width: w, height: h });
    }
  });

  it('Windows: an ICO whose entries are PNGs of the sizes the directory states, 256 included', () => {
    const ico = readFileSync(join(root, config.win.icon));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = 6 + 16 * i;
      const size = ico.readUInt8(at) === 0 ? 256 : ico.readUInt8(at);
      const length = ico.readUInt32LE(at + 8);
      const offset = ico.readUInt32LE(at + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      expect(pngSize(ico.subarray(offset, offset + length))).toEqual({ width: size, height: size });
      sizes.push(size);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('macOS: an ICNS whose chunks are PNGs of the sizes their types mean, 1024 included', () => {
    const icns = readFileSync(join(root, config.mac.icon));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const sizeOf: Record<string, number> = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024 };
    const seen: string[] = [];
    for (let at = 8; at < icns.length;) {
      const type = icns.subarray(at, at + 4).toString('ascii');
      const length = icns.readUInt32BE(at + 4);
      const side = sizeOf[type];
      expect(side, `unexpected chunk ${type}`).toBeDefined();
      expect(pngSize(icns.subarray(at + 8, at + length))).toEqual({ width: side, height: side });
      seen.push(type);
      at += length;
    }
    expect(seen).toEqual(['ic07', 'ic08', 'ic09', 'ic10']);
  });

  it('package.json names an author with an e-mail (the deb maintainer) and a homepage', () => {
    expect(pkg.author?.name).toBeTruthy();
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
  });

  it('supports one Node version: engines and .nvmrc name the same major', () => {
    const nvmrc = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
    const major = nvmrc.split('.')[0];
    expect(pkg.engines?.node).toBe(`>=${major}.12.0 <${Number(major) + 1}`);
  });
});
