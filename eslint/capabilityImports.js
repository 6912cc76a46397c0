// A local eslint rule for the capability layout (docs/architecture.md, layers;
// STYLE.md, "each with an index.ts that is its public surface"):
//   1. a file imports another capability folder through its index.ts
//      (`../sync`, never `../sync/session`), so each index is the whole
//      public surface and can be read as such;
//   2. zones: a capability may not import the capabilities listed against it
//      (journal and identity know nothing of sync, dispatch, host or app; …).
// A capability is a top folder of main/, renderer/ or shared/ (main/journal,
// renderer/graph, shared/state). Relative specifiers only: packages are the
// business of no-restricted-imports.
import { dirname, join, normalize, relative, sep } from 'node:path';

const ROOTS = new Set(['main', 'renderer', 'shared', 'preload']);

/** 'main/sync' for main/sync/session.ts (relative to the project root), or null outside a capability. */
function capabilityOf(path) {
  const parts = path.split(sep);
  if (!ROOTS.has(parts[0])) return null;
  if (parts[0] === 'preload') return 'preload';
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : null;
}

function matches(capability, pattern) {
  return pattern.endsWith('/*') ? capability.startsWith(pattern.slice(0, -1)) : capability === pattern;
}

export const capabilityImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Import other capabilities through their index.ts, and only in the allowed direction.' },
    schema: [
      {
        type: 'object',
        properties: {
          // Capabilities that may import each other's files (both sides match one pattern).
          deepWithin: { type: 'array', items: { type: 'string' } },
          zones: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'array', items: { type: 'string' } },
                except: { type: 'array', items: { type: 'string' } },
                disallow: { type: 'array', items: { type: 'string' } },
                message: { type: 'string' },
              },
              required: ['from', 'disallow', 'message'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const zones = context.options[0]?.zones ?? [];
    const deepWithin = context.options[0]?.deepWithin ?? [];
    const file = relative(context.cwd, context.filename);
    const from = capabilityOf(file);
    if (from === null) return {};

    function check(node, specifier) {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = normalize(join(dirname(file), specifier));
      const to = capabilityOf(target) ?? capabilityOf(join(target, 'index.ts'));
      if (to === null || to === from) return;
      for (const zone of zones) {
        if (!zone.from.some((p) => matches(from, p)) || (zone.except ?? []).some((p) => matches(from, p))) continue;
        if (zone.disallow.some((p) => matches(to, p))) {
          context.report({ node, message: `${from} may not import ${to}: ${zone.message}` });
          return;
        }
      }
      const inside = relative(to.split('/').join(sep), target);
      const deepAllowed = to === 'preload' || deepWithin.some((p) => matches(from, p) && matches(to, p));
      if (inside !== '' && inside !== 'index' && !deepAllowed) {
        context.report({
          node,
          message: `import ${to} through its index.ts ('${specifier.slice(0, specifier.length - inside.length - 1) || '.'}'), not its file ${inside}`,
        });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
