// Mermaid for node, for the check scripts: Mermaid sanitizes texts for a
// browser with DOMPurify, which needs a DOM that plain node lacks;
// sanitizing is no part of parsing, so it is replaced by identity.
import DOMPurify from 'dompurify';

for (const k of ['addHook', 'removeHook', 'removeHooks', 'removeAllHooks'])
  if (typeof DOMPurify[k] !== 'function') DOMPurify[k] = () => {};
if (typeof DOMPurify.sanitize !== 'function') DOMPurify.sanitize = (s) => s;
const { default: mermaid } = await import('mermaid');
export default mermaid;

// What Mermaid shows: its entity codes as their characters.
export const shown = (s) =>
  s.replace(/\uFB02\xB0\xB0(\d+)\xB6\xDF/g, (_, n) => String.fromCodePoint(Number(n)));
