import { launchChromium, openPage, readyBadge, readyModel, serveDistForTests } from '/work/main/app/e2e/harness.mjs';
const server = serveDistForTests();
const browser = await launchChromium({ webgpu: false });
const W = Number(process.env.W);
const { page, context } = await openPage(browser, { locale: process.env.L ?? 'en-US', viewport: { width: W, height: 900 } });
for (const slug of process.env.S.split(',')) {
  await page.goto(`${server.url}/${slug}`); await readyBadge(page); await readyModel(page).catch(() => {}); await page.waitForTimeout(2500);
  const info = await page.evaluate(() => { const el = document.querySelector('svg.diagram, table.head-summary'); if (!el) return null; let a = el.parentElement; const chain = []; while (a && a !== document.body) { const cs = getComputedStyle(a); if (cs.overflowX !== 'visible') chain.push(`${a.tagName}.${a.className} ${cs.overflowX}`); a = a.parentElement; } return chain; });
  console.log(slug, JSON.stringify(info));
  await page.screenshot({ path: `/tmp/shot-${W}-${slug}.png`, fullPage: true });
}
await context.close(); await browser.close(); process.exit(0);
