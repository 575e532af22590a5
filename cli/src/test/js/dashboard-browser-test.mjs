// Drives the live dashboard in headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser) for
// DashboardITCase. Usage: node dashboard-browser-test.mjs URL EXPECTED1.json EXPECTED2.json SCREENSHOT.png USER_DATA_DIR
// Phase 1: the page opens on what the topics already hold and must agree with EXPECTED1; then it prints
// "phase 1 ok" and waits for a line on stdin, sent once more events are on the topics, and must agree with
// EXPECTED2 without a reload. Ends with one JSON line; exit code 0 only if every check passed.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const [url, expected1, expected2, screenshot, userDataDir] = process.argv.slice(2);
const TIMEOUT_MS = 20_000;
const stdin = createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => stdin.once('line', resolve));

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** What the page shows, read from its DOM and its charts' data. */
async function observe(page) {
  return page.evaluate(() => {
    const value = (id) => Number(document.getElementById(id).dataset.value);
    const points = (id, label) => Chart.getChart(document.getElementById(id)).data.datasets
      .filter((d) => label === undefined || d.label === label).flatMap((d) => d.data);
    const latency = document.getElementById('latency-scored').dataset;
    return {
      status: document.getElementById('status').textContent,
      scored: value('scored'),
      positiveShare: value('positive-share'),
      deadLetters: value('dead-letters'),
      accuracy: value('accuracy'),
      deadLettersByReason: Object.fromEntries([...document.querySelectorAll('#dead-letter-reasons tbody tr')]
        .map((tr) => [tr.cells[0].textContent, Number(tr.cells[1].textContent.replace(/,/g, ''))])),
      latencyP50: Number(latency.p50),
      latencyP99: Number(latency.p99),
      ratePoints: points('rate-chart').map((p) => p.y),
      accuracyPoints: [...points('accuracy-chart', 'every revision'), ...points('accuracy-chart', 'final')]
        .map((p) => ({ windowEnd: p.x * 1000, revision: p.revision, final: p.final, accuracy: p.y, count: p.count }))
        .sort((a, b) => a.windowEnd - b.windowEnd || a.revision - b.revision),
      reviews: [...document.querySelectorAll('#reviews tbody tr')]
        .map((tr) => ({ id: tr.dataset.id, text: tr.cells[3].textContent })),
      markupInReviews: document.querySelectorAll('#reviews script, #reviews img, #reviews b').length,
      xss: window.__xss === undefined ? null : window.__xss,
    };
  });
}

/** Waits until the page shows the expected counts (it updates by itself), then checks everything against them. */
async function check(page, expectedFile) {
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
  await page.waitForFunction((e) => {
    const value = (id) => Number(document.getElementById(id).dataset.value);
    const chart = Chart.getChart(document.getElementById('accuracy-chart'));
    const reports = chart.data.datasets.filter((d) => d.label === 'every revision' || d.label === 'final')
      .reduce((n, d) => n + d.data.length, 0);
    return value('scored') === e.scored && value('dead-letters') === e.deadLetters && reports === e.reports.length;
  }, expected, { timeout: TIMEOUT_MS });
  const seen = await observe(page);
  const near = (a, b) => Math.abs(a - b) < 1e-9;
  assert(seen.status === 'live', `status ${seen.status}`);
  assert(near(seen.positiveShare, expected.positive / expected.scored),
    `share positive ${seen.positiveShare}, topics: ${expected.positive} of ${expected.scored}`);
  assert(JSON.stringify(seen.deadLettersByReason) === JSON.stringify(expected.deadLettersByReason),
    `dead letters ${JSON.stringify(seen.deadLettersByReason)}`);
  assert(seen.latencyP50 === expected.latencyP50 && seen.latencyP99 === expected.latencyP99,
    `latency p50/p99 ${seen.latencyP50}/${seen.latencyP99}, topics: ${expected.latencyP50}/${expected.latencyP99}`);
  assert(seen.ratePoints.reduce((a, b) => a + b, 0) === expected.scored, `per-second sum ${seen.ratePoints}`);
  assert(seen.accuracyPoints.length === expected.reports.length, `accuracy points ${seen.accuracyPoints.length}`);
  expected.reports.forEach((r, i) => {
    const p = seen.accuracyPoints[i];
    assert(p.windowEnd === r.windowEnd && p.revision === r.revision && p.final === r.final && near(p.accuracy, r.accuracy)
      && p.count === r.count, `accuracy point ${i}: ${JSON.stringify(p)}, topic: ${JSON.stringify(r)}`);
  });
  assert(near(seen.accuracy, expected.latestAccuracy), `accuracy tile ${seen.accuracy}`);
  assert(seen.reviews[0].id === expected.newest.id, `newest review ${seen.reviews[0].id}`);
  assert(seen.reviews[0].text === expected.newest.text, `newest review text ${JSON.stringify(seen.reviews[0].text)}`);
  assert(seen.markupInReviews === 0, 'review markup became elements');
  assert(seen.xss === null, `review text ran as script: window.__xss = ${seen.xss}`);
  return seen;
}

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1440, height: 1000 },
});
let exitCode = 1;
try {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(url);
  const phase1 = await check(page, expected1);
  console.log('phase 1 ok');
  await nextLine();
  const phase2 = await check(page, expected2);
  await page.screenshot({ path: screenshot, fullPage: true });
  assert(pageErrors.length === 0, `errors on the page: ${pageErrors}`);
  console.log(JSON.stringify({ ok: true, phase1: { scored: phase1.scored, reports: phase1.accuracyPoints.length },
    phase2: { scored: phase2.scored, reports: phase2.accuracyPoints.length, newest: phase2.reviews[0].id } }));
  exitCode = 0;
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e.message || e) }));
} finally {
  await context.close();
  stdin.close();
}
process.exit(exitCode);
