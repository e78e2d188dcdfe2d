// portal.test.js - the public portal without JavaScript: home, agency page,
// the application form (validation messages next to the fields, the
// confirmation with the tracking code), the status page, the annual report,
// accessibility (axe: no serious or critical violations) and phone screenshots.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { startServer, launch, shot, axeCheck } = require('./lib');

let srv, ctx, page;
test.before(async () => { srv = await startServer(); ctx = await launch(); page = await ctx.newPage(); });
test.after(async () => { if (ctx) await ctx.close(); if (srv) srv.stop(); });

test('home shows the agency tree and a search box', async () => {
  const r = await page.goto(srv.base + '/');
  assert.strictEqual(r.status(), 200);
  assert.match(await page.textContent('.tree'), /示范市住房和城乡建设局/);
  assert.ok(await page.isVisible('input[type=search][name=q]'));
  const csp = r.headers()['content-security-policy'] || '';
  assert.match(csp, /default-src 'self'/);
  await shot(page, 'home');
});

test('agency page lists guide, reports and children', async () => {
  await page.goto(srv.base + '/');
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("示范市东湖区人民政府")')]);
  assert.match(await page.textContent('h1'), /东湖区人民政府/);
  assert.match(await page.textContent('main'), /政府信息公开指南/);
  assert.match(await page.textContent('main'), /东湖区民政局/);
  await shot(page, 'agency');
});

let code, verifier;
test('application form shows Chinese messages next to the fields', async () => {
  await page.goto(srv.base + '/apply');
  await page.fill('#contact_phone', 'abc');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("提交申请")')]);
  assert.match(await page.textContent('#agency-err'), /请选择受理申请的行政机关/);
  assert.match(await page.textContent('#applicant_name-err'), /请填写申请人姓名或名称/);
  assert.match(await page.textContent('#contact_phone-err'), /联系电话只能包含数字/);
  assert.strictEqual(await page.getAttribute('#description', 'aria-invalid'), 'true');
  await shot(page, 'apply-errors');
});

test('a valid application gets a tracking code and the status page shows it', async () => {
  await page.goto(srv.base + '/apply?agency=zjj');
  await page.fill('#applicant_name', '测试申请人');
  await page.fill('#contact_phone', '13900001111');
  await page.fill('#description', '申请公开2026年保障性租赁住房筹集计划');
  await page.selectOption('#form_wanted', '电子文档');
  await page.selectOption('#delivery', '电子邮件');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("提交申请")')]);
  code = (await page.textContent('#tracking-code')).trim();
  verifier = (await page.textContent('#verifier')).trim();
  assert.match(code, /^GK[A-Z0-9]+$/);
  await shot(page, 'applied');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("查看办理进度")')]);
  assert.match(await page.textContent('#status-text'), /正在办理.*答复/);
  assert.match(await page.textContent('#events'), /收到申请/);
  await shot(page, 'status');
});

test('a wrong verifier is not found', async () => {
  await page.goto(srv.base + '/status');
  await page.fill('#code', code);
  await page.fill('#verifier', 'XXXX-XXXX');
  const [r] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("查询")')]);
  assert.strictEqual(r.status(), 404);
  assert.match(await page.textContent('main'), /没有找到该申请/);
});

test('annual report renders in the official layout', async () => {
  const year = new Date().getFullYear() - 1;
  const r = await page.goto(srv.base + '/agency/zjj/report/' + year);
  assert.strictEqual(r.status(), 200);
  assert.match(await page.textContent('article.report h1'), new RegExp(year + '年政府信息公开工作年度报告'));
  assert.ok(await page.locator('article.report table.t').count() >= 3);
  await shot(page, 'report');
});

test('large-text mode works without JavaScript', async () => {
  await page.goto(srv.base + '/');
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("大字模式")')]);
  assert.match(await page.getAttribute('body', 'class'), /large/);
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("标准字号")')]);
  assert.doesNotMatch(await page.getAttribute('body', 'class') || '', /large/);
});

test('no serious or critical accessibility violations on the main pages', async () => {
  const jsctx = await launch({ js: true });
  const p = await jsctx.newPage();
  const bad = [];
  for (const u of ['/', '/agency/zjj', '/apply', '/status', '/reports', '/office/login']) {
    await p.goto(srv.base + u);
    for (const v of await axeCheck(p)) bad.push(u + ' ' + v);
  }
  await jsctx.close();
  assert.deepStrictEqual(bad, []);
});

test('phone screenshots (375 px)', async () => {
  const p = await ctx.newPage();
  await p.setViewportSize({ width: 375, height: 812 });
  await p.goto(srv.base + '/');
  await shot(p, 'phone-home');
  await p.goto(srv.base + '/apply');
  await shot(p, 'phone-apply');
  await p.goto(srv.base + '/status');
  await p.fill('#code', code);
  await p.fill('#verifier', verifier);
  await Promise.all([p.waitForNavigation(), p.click('button:has-text("查询")')]);
  assert.match(await p.textContent('#status-text'), /正在办理/);
  await shot(p, 'phone-status');
  const w = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 375, 'no horizontal scrolling on a phone (scrollWidth ' + w + ')');
  await p.close();
});
