// Parses a Mermaid diagram that cjm wrote with Mermaid's own parser and
// checks it against the journey it came from: the title is the journey's
// name, a section per stage with its name, a task per touchpoint with its
// name, score and actors (channel, owner), each name whole.
//
//     node check-mermaid.mjs DIAGRAM JOURNEY.json [SCORES.json]
//
// Run from a directory whose node_modules holds mermaid, beside
// mermaid-load.mjs.
import { readFileSync } from 'node:fs';
import mermaid, { checker, diagramText, shown } from './mermaid-load.mjs';

const [diagramPath, journeyPath] = process.argv.slice(2);
const text = diagramText(diagramPath);
const journey = JSON.parse(readFileSync(journeyPath, 'utf8')).journey;

const flat = (s) => s.replace(/[\x00-\x1f\x7f]/g, ' ');
const { problems, expect, finish } = checker('check-mermaid', diagramPath);

try {
  await mermaid.parse(text);
  const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
  expect('title', shown(db.getDiagramTitle()), flat(journey.name));
  const sections = db.getSections().map(shown);
  expect('sections', JSON.stringify(sections), JSON.stringify(journey.stages.map((s) => flat(s.name))));
  const tasks = db.getTasks();
  const want = journey.stages.flatMap((s) => s.touchpoints.map((t) => ({ s, t })));
  expect('task count', tasks.length, want.length);
  tasks.forEach((task, i) => {
    const w = want[i];
    if (!w) return;
    expect(`task ${i} section`, shown(task.section), flat(w.s.name));
    expect(`task ${i} name`, shown(task.task).trimEnd(), flat(w.t.name));
    expect(`task ${i} actors`, JSON.stringify(task.people.map(shown)),
           JSON.stringify([w.t.channel.toLowerCase(), ...(w.t.owner ? [flat(w.t.owner).trim()] : [])]));
    if (!(task.score >= 1 && task.score <= 5)) problems.push(`task ${i} score ${task.score}`);
  });
} catch (e) {
  problems.push(`Mermaid cannot parse it: ${e.message}`);
}
finish();
