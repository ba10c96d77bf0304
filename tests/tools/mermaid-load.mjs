// Mermaid for node, for the check scripts: Mermaid sanitizes texts for a
// browser with DOMPurify, which needs a DOM that plain node lacks;
// sanitizing is no part of parsing, so it is replaced by identity.
import { readFileSync } from 'node:fs';
import DOMPurify from 'dompurify';

for (const k of ['addHook', 'removeHook', 'removeHooks', 'removeAllHooks'])
  if (typeof DOMPurify[k] !== 'function') DOMPurify[k] = () => {};
if (typeof DOMPurify.sanitize !== 'function') DOMPurify.sanitize = (s) => s;
const { default: mermaid } = await import('mermaid');
export default mermaid;

// What Mermaid shows: its entity codes as their characters.
export const shown = (s) =>
  s.replace(/\uFB02\xB0\xB0(\d+)\xB6\xDF/g, (_, n) => String.fromCodePoint(Number(n)));

// A diagram file's Mermaid text, without the Markdown fence around it.
export const diagramText = (path) => {
  const text = readFileSync(path, 'utf8');
  return text.startsWith('```mermaid\n')
    ? text.replace(/^```mermaid\n/, '').replace(/```\n$/, '')
    : text;
};

// The problems a check finds: expect() notes a value that differs,
// finish() prints each as `NAME: PATH: problem` and exits 1 if any.
export const checker = (name, path) => {
  const problems = [];
  return {
    problems,
    expect(what, got, want) {
      if (got !== want) problems.push(`${what}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    },
    finish() {
      for (const p of problems) console.log(`${name}: ${path}: ${p}`);
      process.exit(problems.length ? 1 : 0);
    },
  };
};
