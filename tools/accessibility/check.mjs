// make accessibility: every built paper, in Debian's headless Chromium, checked by axe-core
// (WCAG 2.0/2.1/2.2 A and AA rules, and axe's best practices for headings and landmarks), at a desk
// width, a phone width, and a desk window zoomed to 200% (640 CSS px), plus the reflow measurement:
// the page itself must never scroll sideways (WCAG 1.4.10).
//
// usage: node check.mjs paper.html ...      exit 1 if any paper has a violation; each is printed
// with its rule, the element and the paper. A JSON summary goes to stdout's last line.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
const VIEWS = [
  { name: "1280px", width: 1280, height: 900, scale: 1 },
  { name: "320px", width: 320, height: 640, scale: 1 },
  { name: "200% zoom", width: 640, height: 450, scale: 2 },
];
// Chromium must not reach the network, nor any update or sync service, while it reads a paper.
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
];

// What axe leaves to judgement, and the issue asks for by name: one h1 and an outline without skipped
// levels; every table captioned and every header cell scoped; every chart with alt text and its
// figures in a table beside it; a skip link first; the page's language; scroll regions named.
function houseRules() {
  const problems = [];
  const where = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : el.className ? "." + String(el.className).split(" ")[0] : "");
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  const ones = headings.filter((h) => h.tagName === "H1").length;
  if (ones !== 1) problems.push(`house-one-h1: the paper has ${ones} h1 elements, not one`);
  if (headings.length && headings[0].tagName !== "H1") problems.push(`house-outline: the first heading is ${where(headings[0])}, not the h1`);
  headings.forEach((h, i) => {
    if (i && Number(h.tagName[1]) > Number(headings[i - 1].tagName[1]) + 1)
      problems.push(`house-outline: ${where(h)} "${h.textContent.trim().slice(0, 60)}" skips a level after ${headings[i - 1].tagName.toLowerCase()}`);
  });
  for (const table of document.querySelectorAll("table")) {
    const caption = table.querySelector(":scope > caption");
    if (!caption || !caption.textContent.trim()) problems.push(`house-table-caption: ${where(table)} has no caption`);
    for (const th of table.querySelectorAll("th"))
      if (!["row", "col", "rowgroup", "colgroup"].includes(th.getAttribute("scope")))
        problems.push(`house-th-scope: ${where(table)} header "${th.textContent.trim().slice(0, 40)}" has no scope`);
  }
  for (const img of document.querySelectorAll("img")) {
    if (!(img.getAttribute("alt") || "").trim()) problems.push(`house-alt: ${where(img)} has no alt text`);
    if (!img.classList.contains("chart")) continue;
    const figure = img.closest("figure");
    const next = figure && figure.nextElementSibling, prev = figure && figure.previousElementSibling;
    const beside = [next, prev].some((el) => el && (el.matches("table, details.chart-data") || el.querySelector("table")));
    if (!beside) problems.push(`house-chart-data: the chart "${img.alt.slice(0, 60)}" has no table of its figures beside it`);
  }
  const first = document.querySelector("a[href], button, [tabindex]:not([tabindex='-1'])");
  const target = first && first.getAttribute("href") && document.getElementById(first.getAttribute("href").slice(1));
  if (!target || target.tagName !== "MAIN") problems.push("house-skip-link: the first focusable element is not a link to the main content");
  if (!document.documentElement.lang) problems.push("house-lang: the page has no language");
  for (const region of document.querySelectorAll(".table-scroll"))
    if (region.getAttribute("tabindex") !== "0" || !region.getAttribute("aria-label"))
      problems.push(`house-scroll-region: ${where(region)} is not a named, focusable region`);
  return problems;
}

const papers = process.argv.slice(2);
if (!papers.length) {
  console.error("usage: node check.mjs paper.html ...");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: FLAGS,
});
const summary = { papers: papers.length, views: VIEWS.length, violations: 0, nodes: 0, reflow: 0 };
try {
  for (const paper of papers) {
    for (const view of VIEWS) {
      const context = await browser.newContext({
        viewport: { width: view.width, height: view.height },
        deviceScaleFactor: view.scale,
        javaScriptEnabled: true,
        offline: true,
      });
      const page = await context.newPage();
      await page.route(/^(?!file:|data:)/, (route) => route.abort()); // nothing but the paper itself
      await page.goto(pathToFileURL(paper).href, { waitUntil: "load" });
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
        TAGS,
      );
      for (const rule of result.violations) {
        summary.violations += 1;
        for (const node of rule.nodes) {
          summary.nodes += 1;
          console.log(`${paper} [${view.name}] ${rule.id} (${rule.impact}): ${rule.help}`);
          console.log(`    element: ${node.target.join(" ")}`);
          console.log(`    ${node.failureSummary.replaceAll("\n", "\n    ")}`);
        }
      }
      if (view.name === "1280px") {
        for (const problem of await page.evaluate(houseRules)) {
          summary.violations += 1;
          summary.nodes += 1;
          console.log(`${paper} [${view.name}] ${problem}`);
        }
      }
      const overflow = await page.evaluate(() => {
        const root = document.documentElement;
        const wide = [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
          .filter((el) => !el.closest("[data-scroll]"))
          .slice(0, 3)
          .map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
        return { width: root.scrollWidth, viewport: root.clientWidth, wide };
      });
      if (overflow.width > overflow.viewport) {
        summary.reflow += 1;
        console.log(
          `${paper} [${view.name}] reflow: the page is ${overflow.width} px wide in a ${overflow.viewport} px ` +
            `viewport, so it scrolls sideways (widest: ${overflow.wide.join(", ") || "?"})`,
        );
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(summary));
process.exit(summary.violations || summary.reflow ? 1 : 0);
