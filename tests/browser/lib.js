// lib.js - shared set-up for the browser tests: a fresh demo database, the
// real gongkai server on a free 127.0.0.1 port, and headless Chromium.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const GONGKAI = process.env.GONGKAI || path.join(ROOT, 'build', 'release', 'gongkai');
const SHOTS = path.join(__dirname, 'screenshots');
const PASSWORD = 'gongkai-demo-2026';

// Resolve with the port `gongkai serve --listen 127.0.0.1:0` reports on
// stderr ("serving http://127.0.0.1:PORT/"); the kernel picks it at bind
// time, so no other process can take it between a probe and the bind.
function servedPort(proc, ms) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + seen)), ms);
    proc.stderr.on('data', (d) => {
      seen += d;
      const m = /serving http:\/\/[0-9.]+:([0-9]+)\//.exec(seen);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error('server exited (' + code + '):\n' + seen)); });
  });
}

async function waitHealthy(base, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { const r = await fetch(base + '/healthz'); if (r.ok) return; } catch (_) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy at ' + base);
}

// A fresh database for one server: a SQLite file in dir, or, when
// tests/run.sh's PostgreSQL pass sets GONGKAI_TEST_DB_URL, a new database
// on that cluster (dropped again by the returned drop()).
let pgSerial = 0;
function freshDatabase(dir) {
  const url = process.env.GONGKAI_TEST_DB_URL || '';
  if (!url.startsWith('postgres')) return { db: 'sqlite:' + path.join(dir, 'demo.db'), drop: () => {} };
  const slash = url.lastIndexOf('/');
  const admin = url.slice(0, slash) + '/postgres';
  const name = url.slice(slash + 1).replace(/[^a-z0-9_]/g, '') + '_browser_' + process.pid + '_' + (pgSerial++);
  execFileSync('psql', ['-q', admin, '-c', 'DROP DATABASE IF EXISTS ' + name + ' WITH (FORCE)',
    '-c', 'CREATE DATABASE ' + name], { stdio: 'pipe' });
  return {
    db: url.slice(0, slash) + '/' + name,
    drop: () => {
      try { execFileSync('psql', ['-q', admin, '-c', 'DROP DATABASE IF EXISTS ' + name + ' WITH (FORCE)'], { stdio: 'pipe' }); } catch (_) { /* best effort */ }
    },
  };
}

// Start a server on a fresh demo database; returns {base, stop}.
async function startServer() {
  if (!fs.existsSync(GONGKAI)) throw new Error('gongkai binary not found: ' + GONGKAI + ' (run make)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-browser-'));
  const fresh = freshDatabase(dir);
  const db = fresh.db;
  const key = path.join(dir, 'key');
  execFileSync(GONGKAI, ['demo', '--db', db, '--key-file', key], { stdio: 'pipe' });
  const proc = spawn(GONGKAI, ['serve', '--listen', '127.0.0.1:0', '--db', db,
    '--key-file', key, '--access-log', ''], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const port = await servedPort(proc, 20000);
  const base = 'http://127.0.0.1:' + port;
  try { await waitHealthy(base, 10000); } catch (e) { proc.kill(); throw new Error(e.message + '\n' + stderr); }
  return {
    base,
    stop: () => {
      proc.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
      setTimeout(fresh.drop, 500);
    },
  };
}

async function launch(opts) {
  opts = opts || {};
  const exe = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(exe)) throw new Error('Chromium not found at ' + exe + ' (apt-get install chromium)');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: exe,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    javaScriptEnabled: !!opts.js,  // core flows are tested without JavaScript
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
  });
  ctx.profileDir = profile;
  const close = ctx.close.bind(ctx);
  ctx.close = async () => { await close(); fs.rmSync(profile, { recursive: true, force: true }); };
  return ctx;
}

async function shot(page, name, opts) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true, ...(opts || {}) });
}

// Run axe-core in the page (injected as a script, which CSP allows from
// the test harness via addScriptTag content) and return serious/critical.
async function axeCheck(page) {
  const src = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(src);
  const r = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ') + ')');
}

async function login(page, base, user) {
  await page.goto(base + '/office/login');
  await page.fill('#login', user);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:has-text("登录")')]);
}

module.exports = { startServer, launch, shot, axeCheck, login, PASSWORD, SHOTS };
