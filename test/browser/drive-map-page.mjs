// Drives a map page (lib/map/page.ts) in Debian's chromium through puppeteer-core, which is an ES module that jest's
// CommonJS runtime cannot load: test/browser/map.test.ts runs this script with node and asserts on what it prints.
// Input (stdin, JSON): { chromium, file, screenshot, search?, clicks: [key...] }.
// Output (stdout, JSON): what the page drew and showed, and every console error, page error, dialog or request for
// anything but the file itself.
/* global document, requestAnimationFrame -- these run in the page, through page.evaluate */
import * as fs from 'fs';
import puppeteer from 'puppeteer-core';

const spec = JSON.parse(fs.readFileSync(0, 'utf8'));
const problems = [];
const browser = await puppeteer.launch({
  executablePath: spec.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 1000 });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (request.url() !== `file://${spec.file}`) {
      problems.push(`request: ${request.url()}`);
    }
  });
  await page.goto(`file://${spec.file}`, { waitUntil: 'load' });

  const drawn = await page.evaluate(() => {
    const data = JSON.parse(document.getElementById('map-data').textContent);
    const view = document.querySelectorAll('.view')[0];
    const position = (element, prefix) => Number(element.id.slice(prefix.length));
    return {
      nodes: [...view.querySelectorAll('g.node')].map((g) => data.views[0].nodes[position(g, 'node_')]),
      edges: [...view.querySelectorAll('g.edge')].map((g) => data.views[0].edges[position(g, 'edge_')]),
      missing: [...view.querySelectorAll('g.node.missing')].map((g) => data.views[0].nodes[position(g, 'node_')]),
    };
  });

  let search;
  if (spec.search !== undefined) {
    await page.type('#search', spec.search);
    await page.keyboard.press('Enter');
    search = {
      matches: await page.$eval('#matches', (element) => element.textContent),
      marked: await page.$$eval('.view:not([hidden]) g.node.match', (found) => found.length),
      shown: await page.$eval('#details h2', (element) => element.textContent),
    };
  }

  const clicks = [];
  for (const key of spec.clicks) {
    const position = await page.evaluate(
      (wanted) => JSON.parse(document.getElementById('map-data').textContent).views[0].nodes.indexOf(wanted),
      key,
    );
    if (position < 0) {
      throw new Error(`no node ${key} on the page`);
    }
    // Found as a user finds it (the search centres it), then clicked in the middle of its label, the panel emptied
    // first so that what it shows comes from the click.
    await page.$eval('#search', (element) => {
      element.value = '';
    });
    await page.type('#search', key);
    await page.keyboard.press('Enter');
    await page.$eval('#details', (element) => element.replaceChildren());
    // svg-pan-zoom draws the new pan in the next animation frame.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const box = await (await page.$(`.view:not([hidden]) #node_${position}`)).boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    clicks.push({
      key,
      shown: await page.$eval('#details h2', (element) => element.textContent),
      yaml: await page.$eval('#details pre.yaml', (element) => element.textContent),
      findings: await page.$$eval('#details ul.findings li', (items) => items.map((item) => item.textContent)),
      elements: await page.$$eval('#details script, #details b', (found) => found.length),
    });
  }
  await page.screenshot({ path: spec.screenshot });
  console.log(JSON.stringify({ ...drawn, search, clicks, problems }));
} finally {
  await browser.close();
}
