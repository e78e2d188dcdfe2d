// flow_item.test.js - scenario (2): a clerk drafts a catalog item, the four
// reviewers approve it in turn, and only after the last approval does it
// appear in the portal search; scenario (3) for items: a reviewer of another
// agency can neither see nor approve it. Also: screenshots of the item,
// search and review pages (desktop and 375 px phone), and axe on each.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { startServer, launch, shot, axeCheck, login } = require('./lib');

let srv, pub, staff, other;
test.before(async () => {
  srv = await startServer();
  pub = await launch();
  staff = await launch();
  other = await launch();
  for (const c of [pub, staff, other]) c.setDefaultTimeout(15000);
});
test.after(async () => {
  for (const c of [pub, staff, other]) if (c) await c.close();
  if (srv) srv.stop();
});

const WORD = '雨水花园';
const TITLE = '关于开展' + WORD + '海绵城市试点建设的通知';

async function searchCount(page, q) {
  await page.goto(srv.base + '/');
  await page.fill('#q', q);
  await Promise.all([page.waitForNavigation(), page.click('form.search button[type=submit]')]);
  const t = await page.textContent('#result-count');
  return Number((t.match(/共找到\s*(\d+)/) || [])[1]);
}

async function logout(page) {
  await Promise.all([page.waitForNavigation(), page.click('form[action="/office/logout"] button')]);
}

let itemId;

test('draft -> four reviews -> published and searchable; other agency refused', async () => {
  const p = await pub.newPage();
  const s = await staff.newPage();
  // the clerk drafts the item in the editor (no JavaScript)
  await login(s, srv.base, 'zjj-clerk');
  await s.goto(srv.base + '/office/items');
  await Promise.all([s.waitForNavigation(), s.click('#new-item')]);
  await s.fill('#title', TITLE);
  await s.fill('#doc_no', '示建发〔2026〕88号');
  await s.fill('#written_on', '2026-03-01');
  await s.fill('#topic', '城乡建设、环境保护\\城市规划');
  await s.selectOption('#genre', '通知');
  await s.selectOption('#section', { label: '　其他文件' });
  await s.fill('#body', '各区住建部门：\n决定在东湖区开展' + WORD + '试点建设。\n<script>alert(1)</script>');
  await Promise.all([s.waitForNavigation(), s.click('#item-form button[type=submit]')]);
  assert.match(await s.textContent('#item-state'), /草稿/);
  const itemUrl = s.url().replace(/\?.*$/, '');
  const id = itemUrl.split('/').pop();
  itemId = id;
  // the body is sanitized when stored: the text stays, the script is gone
  assert.match(await s.textContent('.body'), new RegExp(WORD));
  assert.strictEqual(await s.locator('.body script').count(), 0);
  await Promise.all([s.waitForNavigation(), s.click('#submit-form button')]);
  assert.match(await s.textContent('#item-stage'), /科室初审/);
  assert.strictEqual(await searchCount(p, WORD), 0, 'not searchable while in review');
  assert.strictEqual((await p.goto(srv.base + '/item/' + id)).status(), 404, 'no portal page before publication');

  // (3) 教育局's reviewer holds 科室初审 too, but not in 住建局
  const o = await other.newPage();
  await login(o, srv.base, 'jyj-review1');
  assert.doesNotMatch(await o.textContent('main'), new RegExp(WORD));
  assert.strictEqual((await o.goto(itemUrl)).status(), 404);
  await o.goto(srv.base + '/office');
  const csrf = await o.getAttribute('form[action="/office/logout"] input[name=csrf]', 'value');
  const r = await o.request.post(itemUrl + '/review', { form: { csrf, action: 'approve', stage: 'dept_review' } });
  assert.ok([403, 404].includes(r.status()), 'approve by another agency refused, got ' + r.status());

  const reviewers = ['zjj-review1', 'zjj-review2', 'zjj-review3', 'zjj-review4'];
  const stages = ['科室初审', '办公室核稿', '办公室主任审核', '分管领导审签'];
  await logout(s);
  for (let i = 0; i < 4; i++) {
    await login(s, srv.base, reviewers[i]);
    // my work lists the item at my stage, with a count
    assert.match(await s.textContent('#reviews'), new RegExp(WORD));
    assert.match(await s.textContent('#review-counts'), new RegExp(stages[i]));
    if (i === 0) await shot(s, 'office-work-reviews');
    await Promise.all([s.waitForNavigation(), s.click('#reviews a:has-text("' + WORD + '")')]);
    assert.match(await s.textContent('#item-stage'), new RegExp(stages[i]));
    if (i === 3) await shot(s, 'office-review');
    await s.fill('#text', '同意（' + stages[i] + '）');
    await Promise.all([s.waitForNavigation(), s.click('#approve')]);
    if (i < 3) {
      assert.match(await s.textContent('#item-stage'), new RegExp(stages[i + 1]));
      assert.strictEqual(await searchCount(p, WORD), 0, 'not searchable before the last approval (' + i + ')');
    }
    await logout(s);
  }
  // published: in the search, highlighted, with its item page
  assert.strictEqual(await searchCount(p, WORD), 1);
  assert.strictEqual(await p.locator('#results mark').first().textContent(), WORD);
  await shot(p, 'search');
  await Promise.all([p.waitForNavigation(), p.click('#results a')]);
  assert.strictEqual(await p.textContent('#item-title'), TITLE);
  assert.match(await p.textContent('#index-no'), /^zjj\/\d{4}-\d{5}$/);
  assert.match(await p.textContent('#item-meta'), /示建发〔2026〕88号/);
  assert.match(await p.textContent('#item-meta'), /2026年3月1日/);
  assert.strictEqual(await p.locator('#item-body script').count(), 0);
  await shot(p, 'item');
  // by 索引号
  const ix = (await p.textContent('#index-no')).trim();
  await p.goto(srv.base + '/item?index=' + encodeURIComponent(ix));
  assert.strictEqual(await p.textContent('#item-title'), TITLE);
});

test('a published demo item with validity and an attachment download', async () => {
  const p = await pub.newPage();
  await p.goto(srv.base + '/search?q=' + encodeURIComponent('加装电梯'));
  await Promise.all([p.waitForNavigation(), p.click('#results a:has-text("实施办法")')]);
  assert.match(await p.textContent('#validity'), /现行有效/);
  await p.goto(srv.base + '/search?q=' + encodeURIComponent('施工许可证'));
  await Promise.all([p.waitForNavigation(), p.click('#results a')]);
  const href = await p.getAttribute('#files a', 'href');
  const r = await p.request.get(srv.base + href);
  assert.strictEqual(r.status(), 200);
  assert.strictEqual(r.headers()['content-type'], 'application/pdf');
  assert.match(r.headers()['content-disposition'], /^attachment; .*filename\*=UTF-8''/);
  // filters and pagination keep the query
  await p.goto(srv.base + '/search?agency=zjj&validity=current');
  assert.match(await p.textContent('#result-count'), /共找到/);
  assert.ok(await p.locator('#results li').count() >= 1);
  await p.goto(srv.base + '/agency/zjj');
  assert.match(await p.textContent('main'), /主动公开目录/);
  assert.match(await p.textContent('main'), /最新公开信息/);
});

test('phone screenshots (375 px): home, item, application form, status', async () => {
  const p = await pub.newPage();
  await p.setViewportSize({ width: 375, height: 800 });
  await p.goto(srv.base + '/');
  await shot(p, 'phone-home');
  await p.goto(srv.base + '/search?q=' + encodeURIComponent('加装电梯'));
  await Promise.all([p.waitForNavigation(), p.click('#results a')]);
  await shot(p, 'phone-item');
  await p.goto(srv.base + '/apply?agency=zjj');
  await shot(p, 'phone-apply');
  await p.fill('#applicant_name', '手机用户');
  await p.fill('#contact_phone', '13900002222');
  await p.fill('#description', '申请公开老旧小区改造年度计划的资金来源');
  await p.selectOption('#form_wanted', '电子文档');
  await p.selectOption('#delivery', '电子邮件');
  await Promise.all([p.waitForNavigation(), p.click('button:has-text("提交申请")')]);
  await Promise.all([p.waitForNavigation(), p.click('button:has-text("查看办理进度")')]);
  await shot(p, 'phone-status');
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.strictEqual(overflow, false, 'no horizontal scrolling at 375 px');
});

test('no serious or critical accessibility violations on the new pages', async () => {
  // axe runs as a script, so this context has JavaScript on
  const jsctx = await launch({ js: true });
  jsctx.setDefaultTimeout(20000);
  const p = await jsctx.newPage();
  const bad = [];
  const year = new Date().getFullYear();
  const check = async (u) => { await p.goto(srv.base + u); for (const v of await axeCheck(p)) bad.push(u + ' ' + v); };
  for (const u of ['/item/' + itemId, '/search?q=' + encodeURIComponent('住房'), '/search?agency=zjj', '/agency/zjj',
    '/agency/zjj/report/' + (year - 1)]) await check(u);
  await login(p, srv.base, 'zjj-clerk');
  for (const u of ['/office', '/office/items', '/office/items/new', '/office/items/' + itemId,
    '/office/reports?agency=zjj&year=' + (year - 1), '/office/appeals', '/office/applications/new',
    '/office/applications/1/answer?outcome=disclosed', '/office/calendar']) await check(u);
  await p.goto(srv.base + '/office/reports?agency=zjj&year=' + (year - 1));
  await shot(p, 'office-report', { fullPage: false });
  await Promise.all([p.waitForNavigation(), p.click('form[action="/office/logout"] button')]);
  await login(p, srv.base, 'admin');
  for (const u of ['/office/users', '/office/audit', '/office/overview']) await check(u);
  await jsctx.close();
  assert.deepStrictEqual(bad, []);
});
