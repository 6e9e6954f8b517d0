// The fresh-clone path of `npm start` and `npm test`: installing must bring the devDependencies the
// build needs, whatever NODE_ENV the caller runs with, and an incomplete node_modules is reinstalled.
// Runs the real `npm install` on a tiny project whose only devDependency is a local folder (no
// registry involved).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dependenciesInstalled, ensureDependencies } from '../lib/setup.mjs';

let dir;
const devDep = () => join(dir, 'node_modules', 'fixture-build-tool', 'package.json');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-setup-'));
  mkdirSync(join(dir, 'build-tool'));
  writeFileSync(join(dir, 'build-tool', 'package.json'), JSON.stringify({ name: 'fixture-build-tool', version: '1.0.0' }));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'fixture-app', private: true, devDependencies: { 'fixture-build-tool': 'file:./build-tool' } }),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('installs devDependencies even when the caller runs with NODE_ENV=production (as npm start does)', () => {
  const saved = { NODE_ENV: process.env.NODE_ENV, omit: process.env.npm_config_omit };
  process.env.NODE_ENV = 'production';
  process.env.npm_config_omit = 'dev';
  try {
    assert.equal(dependenciesInstalled(dir), false);
    ensureDependencies(dir);
  } finally {
    for (const [key, value] of [['NODE_ENV', saved.NODE_ENV], ['npm_config_omit', saved.omit]]) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  assert.ok(existsSync(devDep()), 'the devDependency is installed');
  assert.equal(dependenciesInstalled(dir), true);
});

test('a node_modules missing a devDependency (left by a production install) counts as not installed', () => {
  rmSync(join(dir, 'node_modules', 'fixture-build-tool'), { recursive: true, force: true });
  assert.equal(dependenciesInstalled(dir), false);
  ensureDependencies(dir);
  assert.ok(existsSync(devDep()));
});
