// Screenshots of a paper as a reader sees it, for looking at by eye: full page at 1280 px, at 320 px,
// and at 200% zoom of a 1280 px window. usage: node shots.mjs paper.html outdir
import { mkdirSync } from "node:fs";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [paper, outdir] = process.argv.slice(2);
mkdirSync(outdir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
for (const [name, width, scale] of [["1280", 1280, 1], ["320", 320, 1], ["zoom200", 640, 2]]) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: scale, offline: true });
  const page = await context.newPage();
  await page.goto(pathToFileURL(paper).href);
  await page.screenshot({ path: `${outdir}/${basename(paper, ".html")}-${name}.png`, fullPage: true });
  await context.close();
}
await browser.close();
