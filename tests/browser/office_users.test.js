// office_users.test.js - /office/users without JavaScript: an admin creates
// a user with the 新建用户 form (a mismatched confirmation first shows its
// message next to the field), the new user logs in, is sent to 修改密码,
// changes the initial password and logs in with the new one; axe finds no serious or
// critical violations on the page, also when it shows form errors.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { startServer, launch, shot, axeCheck, login } = require('./lib');

let srv, ctx;
test.before(async () => { srv = await startServer(); ctx = await launch(); ctx.setDefaultTimeout(15000); });
test.after(async () => { if (ctx) await ctx.close(); if (srv) srv.stop(); });

// Fill the 新建用户 form (confirmation given separately) and submit it.
async function create(page, login, password, confirm) {
  await page.fill('#login', login);
  await page.fill('#display_name', '新来的经办人');
  await page.fill('#password', password);
  await page.fill('#password2', confirm);
  await page.selectOption('#agency', 'zjj');
  await page.selectOption('#role', 'clerk');
  return (await Promise.all([page.waitForNavigation(), page.click('button:has-text("新建用户")')]))[0];
}

test('an admin creates a user in the browser and the user logs in', async () => {
  const page = await ctx.newPage();
  await login(page, srv.base, 'admin');
  await page.goto(srv.base + '/office/users');
  let r = await create(page, 'web-clerk', 'browser pass 1', 'browser pass 2');
  assert.strictEqual(r.status(), 400);
  assert.match(await page.textContent('#password2-err'), /两次输入的密码不一致/);
  assert.strictEqual(await page.inputValue('#login'), 'web-clerk');
  assert.strictEqual(await page.inputValue('#password'), '');
  r = await create(page, 'web-clerk', 'browser pass 1', 'browser pass 1');
  assert.strictEqual(r.status(), 200);
  assert.match(await page.textContent('[role=status]'), /已新建用户 web-clerk/);
  assert.match(await page.textContent('#users'), /web-clerk[\s\S]*新来的经办人[\s\S]*示范市住房和城乡建设局 · 科室经办人/);
  await shot(page, 'office-users');
  await page.close();

  const other = await launch();
  const p = await other.newPage();
  await p.goto(srv.base + '/office/login');
  await p.fill('#login', 'web-clerk');
  await p.fill('#password', 'browser pass 1');
  await Promise.all([p.waitForNavigation(), p.click('button[type=submit]:has-text("登录")')]);
  // An account made on /office/users starts with an initial password.
  assert.strictEqual(new URL(p.url()).pathname, '/office/password');
  assert.match(await p.textContent('[role=status]'), /首次登录请先修改初始密码/);
  assert.match(await p.textContent('header'), /新来的经办人/);
  await p.fill('#current_password', 'browser pass 1');
  await p.fill('#password', 'browser pass 3');
  await p.fill('#password2', 'browser pass 3');
  await Promise.all([p.waitForNavigation(), p.click('button[type=submit]:has-text("修改密码")')]);
  assert.strictEqual(new URL(p.url()).pathname, '/office/login');
  assert.match(await p.textContent('[role=status]'), /密码已修改，请使用新密码登录/);
  await p.fill('#login', 'web-clerk');
  await p.fill('#password', 'browser pass 3');
  await Promise.all([p.waitForNavigation(), p.click('button[type=submit]:has-text("登录")')]);
  assert.strictEqual(new URL(p.url()).pathname, '/office');
  await other.close();
});

test('no serious or critical accessibility violations on /office/users and /office/password', async () => {
  const jsctx = await launch({ js: true });  // axe runs as a script
  jsctx.setDefaultTimeout(20000);
  const p = await jsctx.newPage();
  const bad = [];
  await login(p, srv.base, 'admin');
  await p.goto(srv.base + '/office/users?reset=zjj-clerk');
  for (const v of await axeCheck(p)) bad.push('/office/users ' + v);
  await create(p, '', 'short', 'short');
  for (const v of await axeCheck(p)) bad.push('/office/users (errors) ' + v);
  await p.goto(srv.base + '/office/password');
  for (const v of await axeCheck(p)) bad.push('/office/password ' + v);
  await jsctx.close();
  assert.deepStrictEqual(bad, []);
});
