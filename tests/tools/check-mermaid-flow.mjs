// Parses a flow that cjm render --flow wrote as a Mermaid flowchart with
// Mermaid's own parser and checks it against the cjm-report of the same
// events: a node per touchpoint of a listed edge, labelled with its id
// whole, and an arrow per edge, in order, with its count in its label.
//
//     node check-mermaid-flow.mjs DIAGRAM REPORT.json
//
// Run from a directory whose node_modules holds mermaid, beside
// mermaid-load.mjs.
import { readFileSync } from 'node:fs';
import mermaid, { checker, diagramText, shown } from './mermaid-load.mjs';

const [diagramPath, reportPath] = process.argv.slice(2);
const text = diagramText(diagramPath);
const edges = JSON.parse(readFileSync(reportPath, 'utf8')).flow.edges;

const { problems, expect, finish } = checker('check-mermaid-flow', diagramPath);

try {
  await mermaid.parse(text);
  const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
  // Mermaid 11 keeps the vertices in a Map, Mermaid 10 in an object.
  const found = db.getVertices();
  const vertices = found instanceof Map ? found : new Map(Object.entries(found));
  const label = (id) => shown(vertices.get(id).text);
  const ids = [];
  for (const e of edges) for (const t of [e.from, e.to]) if (!ids.includes(t)) ids.push(t);
  expect('node count', vertices.size, ids.length);
  const links = db.getEdges();
  expect('arrow count', links.length, edges.length);
  links.forEach((link, i) => {
    const e = edges[i];
    if (!e) return;
    expect(`arrow ${i} from`, label(link.start), e.from);
    expect(`arrow ${i} to`, label(link.end), e.to);
    const count = shown(link.text).match(/^(\d+) times?, median /);
    expect(`arrow ${i} count`, count ? Number(count[1]) : null, e.count);
  });
} catch (e) {
  problems.push(`Mermaid cannot parse it: ${e.message}`);
}
finish();
