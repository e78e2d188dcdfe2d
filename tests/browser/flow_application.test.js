// flow_application.test.js - scenario (1): a citizen applies on the portal,
// a clerk requests 补正 in the back office, the citizen's status page shows
// it, the clerk records the 补正 and answers with an outcome; and scenario
// (3): a reviewer of another agency can neither see nor act on it.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { startServer, launch, shot, login } = require('./lib');

let srv, citizen, clerk, other;
test.before(async () => {
  srv = await startServer();
  citizen = await launch();
  clerk = await launch();
  other = await launch();
});
test.after(async () => {
  for (const c of [citizen, clerk, other]) if (c) await c.close();
  if (srv) srv.stop();
});

async function status(page, code, verifier) {
  await page.goto(srv.base + '/status');
  await page.fill('#code', code);
  await page.fill('#verifier', verifier);
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("查询")')]);
  return page.textContent('#status-text');
}

// Build this year's report of 住建局 in the back office and read one cell
// of 表三 (row = outcome, column = applicant kind) from the source table.
async function reportCell(page, row, col) {
  await page.goto(srv.base + '/office/reports?agency=zjj');
  await page.selectOption('#year', String(new Date().getFullYear()));
  await Promise.all([page.waitForNavigation(), page.click('#build')]);
  assert.ok(await page.locator('article.report').count() === 1, 'report rendered');
  const cell = page.locator('#cells tr[data-row="' + row + '"][data-col="' + col + '"] td.num');
  return (await cell.count()) ? Number(await cell.textContent()) : 0;
}

test('apply, 补正, status, answer; other agencies cannot see it', async () => {
  const p = await citizen.newPage();
  await p.goto(srv.base + '/apply?agency=zjj');
  await p.fill('#applicant_name', '钱多多');
  await p.fill('#contact_email', 'qian@example.com');
  await p.fill('#description', '申请公开本街道2026年加装电梯补贴发放名单');
  await p.selectOption('#form_wanted', '纸质');
  await p.selectOption('#delivery', '邮寄');
  await Promise.all([p.waitForNavigation(), p.click('button:has-text("提交申请")')]);
  const code = (await p.textContent('#tracking-code')).trim();
  const verifier = (await p.textContent('#verifier')).trim();

  const c = await clerk.newPage();
  await login(c, srv.base, 'zjj-clerk');
  assert.match(await c.textContent('h1'), /我的工作/);
  const before = await reportCell(c, 'disclosed', 'person');
  await shot(c, 'office-work');
  await c.goto(srv.base + '/office/applications');
  await shot(c, 'office-applications');
  await Promise.all([c.waitForNavigation(), c.click('a:has-text("' + code + '")')]);
  const appUrl = c.url();
  await c.selectOption('#type', 'clarification_requested');
  await Promise.all([c.waitForNavigation(), c.click('#event-form button[type=submit]')]);
  assert.match(await c.textContent('#status-text'), /需要补正/);
  await shot(c, 'office-application');

  assert.match(await status(p, code, verifier), /需要补正/);
  assert.match(await p.textContent('#events'), /告知补正/);
  await shot(p, 'status-clarification');

  await c.goto(appUrl);
  await c.selectOption('#type', 'clarification_received');
  await Promise.all([c.waitForNavigation(), c.click('#event-form button[type=submit]')]);
  await c.selectOption('#outcome', 'disclosed');
  await Promise.all([c.waitForNavigation(), c.click('#answer-form button[type=submit]')]);
  assert.match(await c.textContent('#status-text'), /已办结/);

  assert.match(await status(p, code, verifier), /已办结.*予以公开/);

  // the annual report built from records counts it: row 予以公开, column 自然人
  const after = await reportCell(c, 'disclosed', 'person');
  assert.strictEqual(after, before + 1, 'disclosed/person went from ' + before + ' to ' + after);
  assert.strictEqual(await reportCell(c, 'disclosed', 'business'), 0);
  assert.strictEqual(await c.locator('#findings li.error').count(), 0, 'no check errors');
  await shot(c, 'office-report-current');

  // (3) a reviewer of 教育局 cannot see or act on 住建局's application
  const o = await other.newPage();
  await login(o, srv.base, 'jyj-review1');
  await o.goto(srv.base + '/office/applications');
  assert.doesNotMatch(await o.textContent('main'), new RegExp(code));
  const r = await o.goto(appUrl);
  assert.strictEqual(r.status(), 404);
  const id = appUrl.split('/').pop();
  const resp = await o.request.post(srv.base + '/office/applications/' + id + '/events', {
    form: { type: 'withdrawn', date: '2026-01-01', csrf: 'x' },
  });
  assert.ok([403, 404].includes(resp.status()), 'POST by another agency refused, got ' + resp.status());
});
